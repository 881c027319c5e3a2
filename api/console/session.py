"""Console sign-in: the curator's token in a cookie only the console path sees, and CSRF checks on every form.

The cookie holds the token itself (HttpOnly, Secure, SameSite=Strict, Path=/console), so any replica can
check it the way the API checks a bearer token; nothing about the session is kept on the server. The form
token against cross-site posts is derived from the session token (HMAC), so a page on another site can
neither read nor compute it. The sign-in form, which has no session yet, uses a random value that is both
in a cookie and in the form (double submit). Every post must also come from this origin when the browser
says where it comes from.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request
from sqlmodel import Session

from api.curation.auth import authenticate, has_role
from api.db import SessionDep
from api.errors import AppError, Unauthorized
from api.models import Curator

COOKIE = "hf_console"
SIGN_IN_COOKIE = "hf_console_signin"
LANGUAGE_COOKIE = "hf_console_lang"
PATH = "/console"
MAX_AGE_S = 8 * 3600  # a working day; signing in again costs one paste of the token


class SignInRequired(Exception):
    """No valid console session: show the sign-in page."""


class CsrfRefused(AppError):
    """A form post without this console's form token, or from another origin."""

    status_code = 403
    code = "csrf_refused"


@dataclass(frozen=True)
class ConsoleUser:
    """The signed-in curator and the form token of this session."""

    curator: Curator
    csrf: str

    def can(self, role: str) -> bool:
        """Whether the curator's role is at least `role`."""
        return has_role(self.curator, role)


def form_token(raw_token: str) -> str:
    """The CSRF form token of a session: an HMAC of the session token, never the token itself."""
    return hmac.new(raw_token.encode(), b"helpfinder console forms", hashlib.sha256).hexdigest()


def new_sign_in_nonce() -> str:
    """A random value for the sign-in form's double submit."""
    return secrets.token_urlsafe(24)


def cookie_options() -> dict:
    """Where and how the console's cookies are kept."""
    return {"path": PATH, "httponly": True, "secure": True, "samesite": "strict"}


def check_origin(request: Request) -> None:
    """Refuse a post whose Origin (or Referer) names another site."""
    origin = request.headers.get("origin") or request.headers.get("referer")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
        raise CsrfRefused("this form was sent from another site")
    if origin == "null":
        raise CsrfRefused("this form was sent from an opaque origin")


def check_form(request: Request, *, sent: str | None, expected: str) -> None:
    """403 unless the form carries the expected token and comes from this origin."""
    check_origin(request)
    if not sent or not hmac.compare_digest(sent, expected):
        raise CsrfRefused("this form has no valid form token: reload the page and try again")


def authenticated(session: Session, *, raw_token: str) -> bool:
    """Whether a token belongs to an active curator."""
    try:
        authenticate(session, raw_token=raw_token)
    except Unauthorized:
        return False
    return True


def signed_in(session: Session, request: Request) -> ConsoleUser | None:
    """The curator of the session cookie, or None (no cookie, or a revoked token or curator)."""
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        curator = authenticate(session, raw_token=raw)
    except Unauthorized:
        return None
    return ConsoleUser(curator=curator, csrf=form_token(raw))


def console_user(session: SessionDep, request: Request) -> ConsoleUser:
    """Dependency: the signed-in curator, or the sign-in page."""
    user = signed_in(session, request)
    if user is None:
        raise SignInRequired()
    return user


User = Annotated[ConsoleUser, Depends(console_user)]
