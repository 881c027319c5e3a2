"""Index `ix_search_scope_order`: a region's search_scope rows by 24/7, then name and id, with the filter columns.

A region search ranks its rows by keys that take two values each (made for the asked gender,
regional before national, 24/7) and then by name. Its page is now read part by part in that
order from this index and cut at the page, instead of sorting every match of the region (10k
rows for a province at 100k services). The index carries the filter columns, so walking a part
reads the index alone however few of its rows match (a sparse filter would otherwise look up
thousands of rows on the way to a page).

Revision ID: a2c6e8f0b4d7
Revises: f4a7c2e9d1b3
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "a2c6e8f0b4d7"
down_revision: str | None = "f4a7c2e9d1b3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FILTER_COLUMNS = ["minimum_age", "maximum_age", "gender_mask", "anonymous", "free", "lgbtq_friendly", "self_referral"]


def upgrade() -> None:
    """Apply this revision."""
    op.create_index("ix_search_scope_order", "search_scope",
                    ["code", "crisis_24_7", "sort_name", "service_id", *FILTER_COLUMNS])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_search_scope_order", table_name="search_scope")
