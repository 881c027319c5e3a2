"""Revisions of organisations and locations: a revision names a service, an organisation or a location

Edits of organisations and locations the public sees, and any edit that would make a confidential
location's address public, wait for a reviewer as service edits do. `revision.service_id` becomes
optional, `organization_id` and `location_id` join it, and a CHECK keeps exactly one of them set.

The search projection is filled by a later revision (c3e5a7b9d1f2, which adds search_facet): rebuild
writes its current shape, so the newest revision that changes what the projection holds fills it.

Revision ID: c9d2e4f6a8b0
Revises: b7e3f1a9c2d4
Create Date: 2026-12-03
"""

import warnings
from collections.abc import Sequence
from contextlib import contextmanager

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "c9d2e4f6a8b0"
down_revision: str | None = "b7e3f1a9c2d4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ONE_SUBJECT = " + ".join(f"(CASE WHEN {column} IS NULL THEN 0 ELSE 1 END)"
                         for column in ("service_id", "organization_id", "location_id")) + " = 1"


@contextmanager
def _batch():  # type: ignore[no-untyped-def]
    """`revision` altered in batch mode. On SQLite that reflects the tables it refers to, and reflection skips the
    expression index on organisation names (not needed here) with a warning that would alarm whoever upgrades."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Skipped unsupported reflection of expression-based index")
        with op.batch_alter_table("revision", schema=None) as batch_op:
            yield batch_op


def upgrade() -> None:
    """Apply this revision."""
    with _batch() as batch_op:
        batch_op.alter_column("service_id", existing_type=sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True)
        batch_op.add_column(sa.Column("organization_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True))
        batch_op.add_column(sa.Column("location_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_revision_organization_id_organization"), "organization",
                                    ["organization_id"], ["id"])
        batch_op.create_foreign_key(batch_op.f("fk_revision_location_id_location"), "location", ["location_id"], ["id"])
        batch_op.create_index(batch_op.f("ix_revision_organization_id"), ["organization_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_revision_location_id"), ["location_id"], unique=False)
        batch_op.create_check_constraint("one_subject", sa.text(ONE_SUBJECT))


def downgrade() -> None:
    """Revert this revision (revisions of organisations and locations are dropped)."""
    op.execute("DELETE FROM revision WHERE service_id IS NULL")
    with _batch() as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_revision_one_subject"), type_="check")
        batch_op.drop_index(batch_op.f("ix_revision_location_id"))
        batch_op.drop_index(batch_op.f("ix_revision_organization_id"))
        batch_op.drop_constraint(batch_op.f("fk_revision_location_id_location"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_revision_organization_id_organization"), type_="foreignkey")
        batch_op.drop_column("location_id")
        batch_op.drop_column("organization_id")
        batch_op.alter_column("service_id", existing_type=sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False)
