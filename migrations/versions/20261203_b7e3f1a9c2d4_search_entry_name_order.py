"""search_entry: an index in name order, so lists sorted by name walk it and stop after their page

Revision ID: b7e3f1a9c2d4
Revises: 8d4f2a6c1e37
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "b7e3f1a9c2d4"
down_revision: str | None = "8d4f2a6c1e37"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_index("ix_search_entry_sort_name", "search_entry", ["sort_name", "service_id"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_search_entry_sort_name", table_name="search_entry")
