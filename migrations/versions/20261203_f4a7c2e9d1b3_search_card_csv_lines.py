"""Search cards hold each service's record in the referral CSV (`search_card.csv_line`).

`/v1/services.csv` rendered every matching service's summary again (up to 5,000 per export): it
read the stored card JSON back into a model and wrote a CSV row from it. The row depends only on
the listing and the language, like the card, so the rebuild writes it next to the card and an
export reads its lines.

`search_card` is recreated with the column (it holds derived data only). The projection is filled by
the newest revision that changes what it holds (c3e5a7b9d1f2; before it, e1f3a5c7b9d2 did).

Revision ID: f4a7c2e9d1b3
Revises: e1f3a5c7b9d2
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "f4a7c2e9d1b3"
down_revision: str | None = "e1f3a5c7b9d2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _create_search_card(*, with_csv_line: bool) -> None:
    """search_card with (this revision) or without (the one before) the column `csv_line`."""
    op.create_table(
        "search_card",
        sa.Column("key", sa.Integer(), nullable=False),
        sa.Column("lang", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("facts", sa.Text(), nullable=False),
        *([sa.Column("csv_line", sa.Text(), nullable=False)] if with_csv_line else []),
        sa.ForeignKeyConstraint(["key"], ["search_entry.key"], name=op.f("fk_search_card_key_search_entry"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("key", "lang", name=op.f("pk_search_card")),
    )


def upgrade() -> None:
    """Apply this revision."""
    op.drop_table("search_card")
    _create_search_card(with_csv_line=True)


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("search_card")
    _create_search_card(with_csv_line=False)  # filled again by upgrading
