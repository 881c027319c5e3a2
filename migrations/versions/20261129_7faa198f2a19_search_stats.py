"""Aggregate daily search counts (no query text, no postcode, no IP).

Revision ID: 7faa198f2a19
Revises: 9aa3794e5c3b
Create Date: 2026-11-29 18:09:37.399578
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '7faa198f2a19'
down_revision: str | None = '9aa3794e5c3b'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table('search_stat',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('metric', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'metric', 'key', name=op.f('pk_search_stat'))
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table('search_stat')
