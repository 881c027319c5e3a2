"""Search projection: `search_scope`, the regions each public service is found in; `search_point.sole`.

A region filter matches a service when one of its areas shares a municipality with the region or
one of its live locations lies in it. Answering that per request meant gathering the place rows of
every code overlapping the region (28k rows for a province at 100k services), de-duplicating them
and looking each service up. `search_scope` holds the answer: one row per (region, service), with
copies of the service's filter and sort columns, national services once under `NL`. A region
search counts and ranks the rows of its region and of `NL` from this table alone.

`search_point` is recreated with `sole` (the point is its service's only one) in its position index:
counting the services near a point de-duplicates only the points of services with several.

The projection is derived data written by `api.search.projection.rebuild` in its current shape, so
the newest revision that changes that shape fills it (c3e5a7b9d1f2; before it, this one did).

Revision ID: e1f3a5c7b9d2
Revises: c9d2e4f6a8b0
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "e1f3a5c7b9d2"
down_revision: str | None = "c9d2e4f6a8b0"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


FILTER_COLUMNS = ["minimum_age", "maximum_age", "gender_mask", "anonymous", "free", "lgbtq_friendly", "crisis_24_7",
                  "self_referral"]


def _create_search_point(*, with_sole: bool) -> None:
    """search_point with (this revision) or without (the one before) the column `sole` in its position index."""
    op.create_table(
        "search_point",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.Integer(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("organization_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("minimum_age", sa.Integer(), nullable=True),
        sa.Column("maximum_age", sa.Integer(), nullable=True),
        sa.Column("gender_mask", sa.Integer(), nullable=False),
        *(sa.Column(flag, sa.Boolean(), nullable=False)
          for flag in ("anonymous", "free", "lgbtq_friendly", "crisis_24_7", "self_referral")),
        *([sa.Column("sole", sa.Boolean(), nullable=False)] if with_sole else []),
        sa.ForeignKeyConstraint(["key"], ["search_entry.key"], name=op.f("fk_search_point_key_search_entry"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_point")),
    )
    op.create_index("ix_search_point_position", "search_point",
                    ["latitude", "longitude", "key", *(["sole"] if with_sole else []), *FILTER_COLUMNS])
    op.create_index(op.f("ix_search_point_key"), "search_point", ["key"])


def upgrade() -> None:
    """Apply this revision."""
    op.drop_table("search_point")
    _create_search_point(with_sole=True)
    op.create_table(
        "search_scope",
        sa.Column("minimum_age", sa.Integer(), nullable=True),
        sa.Column("maximum_age", sa.Integer(), nullable=True),
        sa.Column("gender_mask", sa.Integer(), nullable=False),
        *(sa.Column(flag, sa.Boolean(), nullable=False)
          for flag in ("anonymous", "free", "lgbtq_friendly", "crisis_24_7", "self_referral")),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("key", sa.Integer(), nullable=False),
        sa.Column("organization_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("national", sa.Boolean(), nullable=False),
        sa.Column("sort_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("service_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.ForeignKeyConstraint(["key"], ["search_entry.key"], name=op.f("fk_search_scope_key_search_entry"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("code", "key", name=op.f("pk_search_scope")),
        sqlite_with_rowid=False,  # rows kept in (code, key) order: a region's rows are read together
    )
    op.create_index(op.f("ix_search_scope_key"), "search_scope", ["key"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index(op.f("ix_search_scope_key"), table_name="search_scope")
    op.drop_table("search_scope")
    op.drop_table("search_point")
    _create_search_point(with_sole=False)  # filled again by upgrading
