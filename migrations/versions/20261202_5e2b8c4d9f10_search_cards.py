"""Search cards: each public service's search result rendered per language, stored with the projection.

Creates `search_card`. The projection is filled by the newest revision that changes its shape
(c3e5a7b9d1f2), because `api.search.projection.rebuild` always writes the current shape.

Revision ID: 5e2b8c4d9f10
Revises: 3c1d9e7a5b21
Create Date: 2026-12-02 18:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "5e2b8c4d9f10"
down_revision: str | None = "3c1d9e7a5b21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "search_card",
        sa.Column("key", sa.Integer(), nullable=False),
        sa.Column("lang", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["key"], ["search_entry.key"], name=op.f("fk_search_card_key_search_entry"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("key", "lang", name=op.f("pk_search_card")),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("search_card")
