"""Security headers and HTTP caching for every response.

Public GET responses get a strong ETag, Cache-Control with a short max-age plus
stale-while-revalidate, and 304 Not Modified on a matching If-None-Match. The data API
(/v1 and /hsds reads) derives its ETag from the directory version (a number every change
to public data raises, kept in the database, so the same on every replica) and the URL:
a matching If-None-Match is answered 304 by `check_not_modified` before any search runs.
Other responses (the page, the widget) are tagged with a hash of their body. Anything
sent with a token, and every curator path, is private and never stored.
"""

import hashlib

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import Response

from api.db import SessionDep
from api.search.reference import directory_version, remember_version
from api.settings import get_settings

PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            "base-uri 'none'; form-action 'self'; object-src 'none'; frame-ancestors 'none'")
# The API documentation page needs Swagger UI's inline start-up script; its files are served locally.
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'")
API_CSP = "default-src 'none'; frame-ancestors 'none'"
PRIVATE_PREFIXES = ("/v1/curation", "/v1/curators", "/v1/tokens", "/console")
# Part of every data ETag: raise it when the JSON or CSV of a public endpoint changes shape,
# so that clients holding an old representation get the new one.
RESPONSE_FORMAT = "2026-12-03.2"


def _is_private(request: Request) -> bool:
    """Curator paths, history, and anything sent with credentials."""
    path = request.url.path
    return (
        "authorization" in request.headers
        or path.startswith(PRIVATE_PREFIXES)
        or path.endswith("/history")
    )


def _csp(path: str, content_type: str) -> str:
    """The Content-Security-Policy for a response."""
    if path.startswith(("/docs", "/docs-assets")):
        return DOCS_CSP
    if content_type.startswith("text/html"):
        return PAGE_CSP
    return API_CSP


def _matches(if_none_match: str, etag: str) -> bool:
    """Whether If-None-Match names this ETag (or *)."""
    candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in candidates or etag in candidates


def _cache_control() -> str:
    """Cache-Control of public responses."""
    settings = get_settings()
    return f"public, max-age={settings.cache_max_age}, stale-while-revalidate={settings.cache_stale_while_revalidate}"


class NotModified(Exception):
    """The client's copy is current: answer 304 without doing the work."""

    def __init__(self, etag: str) -> None:
        super().__init__(etag)
        self.etag = etag


async def not_modified(_request: Request, exc: NotModified) -> Response:
    """Exception handler: 304 with the validator and caching headers."""
    return Response(status_code=304, headers={"ETag": exc.etag, "Cache-Control": _cache_control()})


def check_not_modified(request: Request, session: SessionDep) -> None:
    """Dependency of the public data routers: tag the response by directory version and URL; 304 early.

    One indexed read of one row, in the request's own transaction, before any search runs.
    """
    if request.method not in ("GET", "HEAD") or _is_private(request):
        return
    version = directory_version(session.connection())
    remember_version(session, version)
    key = f"{RESPONSE_FORMAT}|{version}|{request.url.path}|{request.url.query}"
    etag = f'"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'
    request.state.etag = etag
    if _matches(request.headers.get("if-none-match", ""), etag):
        raise NotModified(etag)


class SecurityAndCachingMiddleware(BaseHTTPMiddleware):
    """Adds security headers everywhere and validators/caching to public GETs."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        """Process one request."""
        response = await call_next(request)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            if _is_private(request):
                response.headers["Cache-Control"] = "private, no-store"
            elif (etag := getattr(request.state, "etag", None)) is not None:
                response.headers["ETag"] = etag
                response.headers["Cache-Control"] = _cache_control()
            elif "etag" not in response.headers:
                body = b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[attr-defined]
                etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
                cache = _cache_control()
                headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
                headers.update({"ETag": etag, "Cache-Control": cache})
                if _matches(request.headers.get("if-none-match", ""), etag):
                    response = Response(status_code=304, headers={"ETag": etag, "Cache-Control": cache})
                else:
                    response = Response(content=body, status_code=200, headers=headers,
                                        media_type=response.media_type)
        elif "cache-control" not in response.headers:
            response.headers["Cache-Control"] = "no-store"
        response.headers["Content-Security-Policy"] = _csp(request.url.path,
                                                           response.headers.get("content-type", ""))
        # The console's forms need their Origin sent (CSRF check), which "no-referrer" would blank out.
        response.headers["Referrer-Policy"] = ("same-origin" if request.url.path.startswith("/console")
                                               else "no-referrer")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Permissions-Policy"] = "geolocation=(), camera=(), microphone=(), interest-cohort=()"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        return response
