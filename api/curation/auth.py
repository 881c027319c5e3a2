"""Curator accounts and bearer tokens: shown once, stored as a hash, compared in constant time."""

import hashlib
import hmac
import re
import secrets
import threading
from datetime import datetime
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import func, or_, update
from sqlmodel import Session, select

from api.curation.schemas import CuratorOut, TokenOut
from api.db import SessionDep
from api.errors import Conflict, Forbidden, NotFound, Unauthorized
from api.models import ApiToken, Curator, as_utc, utcnow

ROLE_RANK = {"editor": 1, "reviewer": 2, "admin": 3}
_TOKEN = re.compile(r"^hf_([0-9a-f]{32})_([A-Za-z0-9_-]{20,100})$")
# Hash compared when a token id is unknown, so a miss takes as long as a hit.
_DUMMY_HASH = hashlib.sha256(b"no such token").hexdigest()

# Last use of each token since the last flush (api.background writes it out of band, so an
# authenticated read writes nothing in its own transaction).
_use_lock = threading.Lock()
_last_use: dict[str, datetime] = {}

bearer = HTTPBearer(auto_error=False, description="Curator API token: `Authorization: Bearer hf_...`")


def _hash(secret: str) -> str:
    """SHA-256 of a token secret (tokens are long and random, so no slow hash is needed)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(session: Session, *, curator: Curator, label: str | None = None) -> str:
    """Create a token for a curator and return it; only its hash is stored."""
    secret = secrets.token_urlsafe(32)
    token = ApiToken(curator_id=curator.id, secret_hash=_hash(secret), label=label)
    session.add(token)
    session.flush()
    return f"hf_{token.id.replace('-', '')}_{secret}"


def add_curator(session: Session, *, name: str, role: str) -> tuple[Curator, str]:
    """Create a curator with a first token; 409 if the name is taken."""
    if session.exec(select(Curator).where(Curator.name == name)).first() is not None:
        raise Conflict(f"a curator named {name!r} already exists")
    curator = Curator(name=name, role=role)
    session.add(curator)
    session.flush()
    return curator, issue_token(session, curator=curator)


def token_out(token: ApiToken) -> TokenOut:
    """A token's metadata, never its hash (last use includes this process's unwritten one)."""
    last_used = max((as_utc(t) for t in (token.last_used_at, pending_token_use().get(token.id)) if t is not None),
                    default=None)
    return TokenOut(id=token.id, label=token.label, created_at=token.created_at, last_used_at=last_used,
                    revoked_at=token.revoked_at)


def curator_account(session: Session, *, curator: Curator) -> CuratorOut:
    """A curator with the metadata of their tokens."""
    tokens = session.exec(select(ApiToken).where(ApiToken.curator_id == curator.id)
                          .order_by(ApiToken.created_at)).all()
    return CuratorOut(id=curator.id, name=curator.name, role=curator.role, active=curator.active,
                      created_at=curator.created_at, tokens=[token_out(t) for t in tokens])


def curator_accounts(session: Session) -> list[CuratorOut]:
    """Every curator by name, with token metadata."""
    return [curator_account(session, curator=c) for c in session.exec(select(Curator).order_by(Curator.name)).all()]


def issue_token_for(session: Session, *, curator_id: str) -> tuple[CuratorOut, str]:
    """Another token for an existing curator; 404 if unknown."""
    curator = session.get(Curator, curator_id)
    if curator is None:
        raise NotFound(f"curator {curator_id} not found")
    token = issue_token(session, curator=curator)
    return curator_account(session, curator=curator), token


def _other_admin_tokens(session: Session, *, token_id: str) -> int:
    """Live tokens of active admins, other than this one."""
    return session.exec(select(func.count()).select_from(ApiToken).join(Curator, Curator.id == ApiToken.curator_id)
                        .where(Curator.role == "admin", Curator.active, ApiToken.revoked_at.is_(None),
                               ApiToken.id != token_id)).one()


def revoke_token(session: Session, *, token_id: str) -> ApiToken:
    """Revoke one token (idempotent); never the last live token of an active admin (409: nobody could manage accounts)."""
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"token {token_id} not found")
    owner = session.get(Curator, token.curator_id)
    if (token.revoked_at is None and owner is not None and owner.role == "admin" and owner.active
            and _other_admin_tokens(session, token_id=token.id) == 0):
        raise Conflict("this is the last admin token: issue another admin token first, or nobody can manage accounts")
    token.revoked_at = token.revoked_at or utcnow()
    session.add(token)
    return token


def _other_admins(session: Session, *, curator_id: str) -> int:
    """Live tokens of active admins other than this curator."""
    return session.exec(select(func.count()).select_from(ApiToken).join(Curator, Curator.id == ApiToken.curator_id)
                        .where(Curator.role == "admin", Curator.active, ApiToken.revoked_at.is_(None),
                               Curator.id != curator_id)).one()


def change_role(session: Session, *, curator_id: str, role: str) -> Curator:
    """Give a curator another role; never take the admin role from the last active admin with a live token (409)."""
    curator = session.get(Curator, curator_id)
    if curator is None:
        raise NotFound(f"curator {curator_id} not found")
    if curator.role == "admin" and role != "admin" and curator.active:
        if _other_admins(session, curator_id=curator.id) == 0:
            raise Conflict("this is the last admin: make someone else admin first, or nobody can manage accounts")
    curator.role = role
    session.add(curator)
    return curator


def revoke_curator(session: Session, *, name: str) -> int:
    """Deactivate a curator and revoke all their tokens; returns tokens revoked."""
    curator = session.exec(select(Curator).where(Curator.name == name)).first()
    if curator is None:
        raise NotFound(f"curator {name!r} not found")
    if curator.role == "admin" and curator.active and _other_admins(session, curator_id=curator.id) == 0:
        raise Conflict("this is the last admin: make someone else admin first, or nobody can manage accounts")
    curator.active = False
    tokens = session.exec(select(ApiToken).where(ApiToken.curator_id == curator.id, ApiToken.revoked_at.is_(None))).all()
    for token in tokens:
        token.revoked_at = utcnow()
    return len(tokens)


def authenticate(session: Session, *, raw_token: str) -> Curator:
    """The active curator owning this token; 401 otherwise. Records the token's last use."""
    match = _TOKEN.match(raw_token)
    token_id = None
    if match:
        hexid = match.group(1)
        token_id = f"{hexid[:8]}-{hexid[8:12]}-{hexid[12:16]}-{hexid[16:20]}-{hexid[20:]}"
    token = session.get(ApiToken, token_id) if token_id else None
    presented = _hash(match.group(2)) if match else _hash(raw_token)
    valid = hmac.compare_digest(presented, token.secret_hash if token else _DUMMY_HASH)
    curator = session.get(Curator, token.curator_id) if token else None
    if not valid or token is None or token.revoked_at is not None or curator is None or not curator.active:
        raise Unauthorized("invalid or revoked token")
    with _use_lock:
        _last_use[token.id] = utcnow()
    return curator


def pending_token_use() -> dict[str, datetime]:
    """A copy of the token uses not yet written."""
    with _use_lock:
        return dict(_last_use)


def write_token_use(session: Session, uses: dict[str, datetime]) -> None:
    """Store each token's last use (never moving it back in time), in the caller's transaction."""
    for token_id, at in uses.items():
        session.execute(update(ApiToken).where(ApiToken.id == token_id, or_(
            ApiToken.last_used_at.is_(None), ApiToken.last_used_at < at)).values(last_used_at=at))


def forget_token_use(uses: dict[str, datetime]) -> None:
    """Drop uses that were committed, unless the token was used again meanwhile."""
    with _use_lock:
        for token_id, at in uses.items():
            if _last_use.get(token_id) == at:
                del _last_use[token_id]


def current_curator(
    session: SessionDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> Curator:
    """Dependency: the authenticated curator, or 401."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("this endpoint needs a curator token: Authorization: Bearer <token>")
    return authenticate(session, raw_token=credentials.credentials)


CurrentCurator = Annotated[Curator, Depends(current_curator)]


def has_role(curator: Curator, role: str) -> bool:
    """Whether the curator's role is at least `role`."""
    return ROLE_RANK[curator.role] >= ROLE_RANK[role]


def ensure_role(curator: Curator, role: str) -> None:
    """403 unless the curator has at least this role."""
    if not has_role(curator, role):
        raise Forbidden(f"this needs the {role} role; you are {curator.role}")


def _requiring(role: str):  # type: ignore[no-untyped-def]
    """A dependency that authenticates and checks the role."""

    def dependency(curator: CurrentCurator) -> Curator:
        ensure_role(curator, role)
        return curator

    return dependency


Editor = Annotated[Curator, Depends(_requiring("editor"))]
Reviewer = Annotated[Curator, Depends(_requiring("reviewer"))]
Admin = Annotated[Curator, Depends(_requiring("admin"))]
