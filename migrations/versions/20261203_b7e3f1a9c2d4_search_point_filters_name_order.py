"""Search read paths: point rows carry their service's filter columns; entries get a name-order index.

`search_point` is recreated with copies of its service's filter columns (ages, gender mask, flags,
organisation) in the position index, so a point search filters, counts and ranks the points in its
bounding box without a lookup into `search_entry` per point. `ix_search_entry_sort_name` on
(sort_name, service_id) lets lists in name order (HSDS services, sort=name) walk the index and stop
after one page.

The projection is derived data written by `api.search.projection.rebuild` in its current shape,
so the newest revision that changes that shape or what the cards show fills it (c3e5a7b9d1f2; before
this one, 8d4f2a6c1e37 did).

Revision ID: b7e3f1a9c2d4
Revises: 8d4f2a6c1e37
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "b7e3f1a9c2d4"
down_revision: str | None = "8d4f2a6c1e37"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FILTER_COLUMNS = ["minimum_age", "maximum_age", "gender_mask", "anonymous", "free", "lgbtq_friendly", "crisis_24_7",
                  "self_referral"]


def _create_search_point(*, with_filters: bool) -> None:
    """search_point with (this revision) or without (the one before) the copied filter columns."""
    filters = [
        sa.Column("organization_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("minimum_age", sa.Integer(), nullable=True),
        sa.Column("maximum_age", sa.Integer(), nullable=True),
        sa.Column("gender_mask", sa.Integer(), nullable=False),
        *(sa.Column(flag, sa.Boolean(), nullable=False)
          for flag in ("anonymous", "free", "lgbtq_friendly", "crisis_24_7", "self_referral")),
    ] if with_filters else []
    op.create_table(
        "search_point",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.Integer(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        *filters,
        sa.ForeignKeyConstraint(["key"], ["search_entry.key"], name=op.f("fk_search_point_key_search_entry"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_point")),
    )
    op.create_index("ix_search_point_position", "search_point",
                    ["latitude", "longitude", "key", *(FILTER_COLUMNS if with_filters else [])])
    op.create_index(op.f("ix_search_point_key"), "search_point", ["key"])


def upgrade() -> None:
    """Apply this revision."""
    op.drop_table("search_point")
    _create_search_point(with_filters=True)
    op.create_index("ix_search_entry_sort_name", "search_entry", ["sort_name", "service_id"])


def downgrade() -> None:
    """Revert this revision (the projection is filled again by upgrading)."""
    op.drop_index("ix_search_entry_sort_name", table_name="search_entry")
    op.drop_table("search_point")
    _create_search_point(with_filters=False)
