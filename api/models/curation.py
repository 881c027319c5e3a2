"""Curators, their API tokens, the change history, pending revisions and public feedback."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Index
from sqlmodel import Column, Field, SQLModel

from api.models.base import new_id, one_of, utcnow

ROLES = ("editor", "reviewer", "admin")
REVISION_STATES = ("pending", "approved", "rejected", "superseded")
FEEDBACK_REASONS = ("wrong_phone", "closed", "wrong_address", "other")


class Curator(SQLModel, table=True):
    """A person who edits the directory: editor < reviewer < admin."""

    __table_args__ = (one_of("role", ROLES),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    name: str = Field(max_length=120, unique=True)
    role: str = Field(max_length=16)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)


class ApiToken(SQLModel, table=True):
    """A bearer token; only a SHA-256 hash of its secret is stored."""

    __tablename__ = "api_token"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    curator_id: str = Field(foreign_key="curator.id", index=True, max_length=36)
    secret_hash: str = Field(max_length=64)
    label: str | None = Field(default=None, max_length=120)
    created_at: datetime = Field(default_factory=utcnow)
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None


class Change(SQLModel, table=True):
    """One recorded change to a listing: who, when, what (field diff and full snapshot).

    Written in the same transaction as the change itself; never edited or deleted.
    """

    __table_args__ = (Index("ix_change_resource", "resource_type", "resource_id", "at"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    resource_type: str = Field(max_length=20)
    resource_id: str = Field(max_length=36)
    action: str = Field(max_length=20)
    version: int
    curator_id: str | None = Field(default=None, foreign_key="curator.id", max_length=36)
    curator_name: str | None = Field(default=None, max_length=120)
    at: datetime = Field(default_factory=utcnow)
    comment: str | None = Field(default=None, max_length=2000)
    diff: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    snapshot: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


# Exactly one of a revision's subject columns is set (written so that SQLite and PostgreSQL both accept it).
ONE_SUBJECT = " + ".join(f"(CASE WHEN {column} IS NULL THEN 0 ELSE 1 END)"
                         for column in ("service_id", "organization_id", "location_id")) + " = 1"


class Revision(SQLModel, table=True):
    """A proposed change waiting for a reviewer: to a published service, to an organisation or location the
    public sees, or one that would make a confidential location's address public.

    Exactly one of service_id, organization_id and location_id names what it changes.
    """

    __table_args__ = (
        one_of("state", REVISION_STATES),
        Index("ix_revision_pending", "state", "service_id"),
        CheckConstraint(ONE_SUBJECT, name="one_subject"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    service_id: str | None = Field(default=None, foreign_key="service.id", index=True, max_length=36)
    organization_id: str | None = Field(default=None, foreign_key="organization.id", index=True, max_length=36)
    location_id: str | None = Field(default=None, foreign_key="location.id", index=True, max_length=36)
    base_version: int
    state: str = Field(default="pending", max_length=12)
    proposed: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    proposed_by: str = Field(foreign_key="curator.id", max_length=36)
    proposed_at: datetime = Field(default_factory=utcnow)
    decided_by: str | None = Field(default=None, foreign_key="curator.id", max_length=36)
    decided_at: datetime | None = None
    comment: str | None = Field(default=None, max_length=2000)


class Feedback(SQLModel, table=True):
    """A problem report from the public about a listing. No IP, no name, no contact details."""

    __table_args__ = (
        one_of("reason", FEEDBACK_REASONS),
        Index("ix_feedback_open", "resolved_at", "created_at"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    service_id: str = Field(foreign_key="service.id", index=True, max_length=36)
    reason: str = Field(max_length=16)
    message: str | None = Field(default=None, max_length=1000)
    created_at: datetime = Field(default_factory=utcnow)
    resolved_at: datetime | None = None
    resolved_by: str | None = Field(default=None, foreign_key="curator.id", max_length=36)
    resolution: str | None = Field(default=None, max_length=1000)


class SearchStat(SQLModel, table=True):
    """Aggregate search counts per day: no query text, no postcode, no IP, only totals."""

    __tablename__ = "search_stat"

    day: date = Field(primary_key=True)
    metric: str = Field(primary_key=True, max_length=20)
    key: str = Field(primary_key=True, max_length=60)
    count: int = 0
