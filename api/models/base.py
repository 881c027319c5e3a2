"""Shared column helpers and the constraint naming convention."""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import CheckConstraint
from sqlmodel import SQLModel

# Named constraints make migrations reviewable and portable between SQLite and PostgreSQL.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Stable namespace so seeded and synthetic records get the same id on every machine.
ID_NAMESPACE = uuid.UUID("6f1d2b1c-3f57-4c7e-9a51-2f1f6c0b9e11")


def new_id() -> str:
    """A fresh random UUID string."""
    return str(uuid.uuid4())


def stable_id(*parts: str) -> str:
    """A UUID string derived from a name, identical on every run (for seed data)."""
    return str(uuid.uuid5(ID_NAMESPACE, ":".join(parts)))


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """A time as timezone-aware UTC; a naive one (SQLite hands those back, clients send them) is read as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def one_of(column: str, values: Sequence[str]) -> CheckConstraint:
    """CHECK (column IN (...)) named after the column: the database refuses any value not in the tuple."""
    return CheckConstraint(f"{column} IN ({', '.join(repr(value) for value in values)})", name=column)
