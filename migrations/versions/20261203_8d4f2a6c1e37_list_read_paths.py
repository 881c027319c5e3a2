"""List read paths: `search_link` in the search projection, and organisations in name order.

`search_link` holds one row per service_at_location of a public service at a live location
(with the location's public point), so the HSDS service_at_location list counts and pages
from one small table instead of joining links, locations and services for every request.
`ix_organization_sort_name` on (lower(name), id) lets organisation lists walk names in order
and stop after one page; the partial index `ix_organization_archived` finds the few archived
organisations, so a list's count needs only the projection.

The projection is derived data written by `api.search.projection.rebuild` in its current
shape, so the newest revision that changes that shape fills it (c3e5a7b9d1f2; before it, this one
did).

Revision ID: 8d4f2a6c1e37
Revises: 5e2b8c4d9f10
Create Date: 2026-12-03 04:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "8d4f2a6c1e37"
down_revision: str | None = "5e2b8c4d9f10"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "search_link",
        sa.Column("link_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("key", sa.Integer(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["key"], ["search_entry.key"], name=op.f("fk_search_link_key_search_entry"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("link_id", name=op.f("pk_search_link")),
    )
    op.create_index(op.f("ix_search_link_key"), "search_link", ["key"])
    op.create_index("ix_search_link_position", "search_link", ["latitude", "longitude"])
    op.create_index("ix_organization_sort_name", "organization", [sa.text("lower(name)"), "id"])
    archived = sa.text("archived_at IS NOT NULL")
    op.create_index("ix_organization_archived", "organization", ["id"], sqlite_where=archived, postgresql_where=archived)


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_organization_archived", table_name="organization")
    op.drop_index("ix_organization_sort_name", table_name="organization")
    op.drop_table("search_link")
