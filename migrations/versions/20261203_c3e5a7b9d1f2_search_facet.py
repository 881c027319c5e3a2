"""Search projection: `search_facet`, the languages and contact channels of each public service.

The language and channel filters went from each candidate row through the listing tables by
service id (`language`, `phone`, `contact_channel`): half the services speak English, so a
province search with `language=en` built a list of 50k service ids and looked each up (128 ms at
100k services). `search_facet` holds (kind, code, key) rows, read by key as search_term is.

The projection is derived data written by `api.search.projection.rebuild` in its current shape, so
this revision, the newest that changes that shape, fills it (before it, e1f3a5c7b9d2 did).

Revision ID: c3e5a7b9d1f2
Revises: a2c6e8f0b4d7
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "c3e5a7b9d1f2"
down_revision: str | None = "a2c6e8f0b4d7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "search_facet",
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("key", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["key"], ["search_entry.key"], name=op.f("fk_search_facet_key_search_entry"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("kind", "code", "key", name=op.f("pk_search_facet")),
        sqlite_with_rowid=False,
    )
    op.create_index(op.f("ix_search_facet_key"), "search_facet", ["key"])

    from api.search.projection import rebuild  # the one definition of the projection

    rebuild(op.get_bind())


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index(op.f("ix_search_facet_key"), table_name="search_facet")
    op.drop_table("search_facet")
