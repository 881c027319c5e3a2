"""Curation: curators, API tokens, change history, pending revisions, public feedback; versions and archiving.

Revision ID: 9aa3794e5c3b
Revises: f456b05f2762
Create Date: 2026-11-29 17:52:51.613996
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '9aa3794e5c3b'
down_revision: str | None = 'f456b05f2762'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table('curator',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint("role IN ('editor', 'reviewer', 'admin')", name=op.f('ck_curator_role')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_curator')),
    sa.UniqueConstraint('name', name=op.f('uq_curator_name'))
    )
    op.create_table('api_token',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('curator_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('secret_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('last_used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['curator_id'], ['curator.id'], name=op.f('fk_api_token_curator_id_curator')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token'))
    )
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_token_curator_id'), ['curator_id'], unique=False)

    op.create_table('change',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('resource_type', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('resource_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('curator_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    sa.Column('curator_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('comment', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.Column('diff', sa.JSON(), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['curator_id'], ['curator.id'], name=op.f('fk_change_curator_id_curator')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change'))
    )
    with op.batch_alter_table('change', schema=None) as batch_op:
        batch_op.create_index('ix_change_resource', ['resource_type', 'resource_id', 'at'], unique=False)

    op.create_table('feedback',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('service_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('message', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('resolved_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('resolved_by', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    sa.Column('resolution', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.CheckConstraint("reason IN ('wrong_phone', 'closed', 'wrong_address', 'other')", name=op.f('ck_feedback_reason')),
    sa.ForeignKeyConstraint(['resolved_by'], ['curator.id'], name=op.f('fk_feedback_resolved_by_curator')),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_feedback_service_id_service')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback'))
    )
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index('ix_feedback_open', ['resolved_at', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_service_id'), ['service_id'], unique=False)

    op.create_table('revision',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('service_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('proposed', sa.JSON(), nullable=False),
    sa.Column('proposed_by', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('proposed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('decided_by', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    sa.Column('decided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('comment', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.CheckConstraint("state IN ('pending', 'approved', 'rejected', 'superseded')", name=op.f('ck_revision_state')),
    sa.ForeignKeyConstraint(['decided_by'], ['curator.id'], name=op.f('fk_revision_decided_by_curator')),
    sa.ForeignKeyConstraint(['proposed_by'], ['curator.id'], name=op.f('fk_revision_proposed_by_curator')),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_revision_service_id_service')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_revision'))
    )
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.create_index('ix_revision_pending', ['state', 'service_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_revision_service_id'), ['service_id'], unique=False)

    with op.batch_alter_table('location', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('archived_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))

    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('archived_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))



def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.drop_column('archived_at')
        batch_op.drop_column('version')

    with op.batch_alter_table('location', schema=None) as batch_op:
        batch_op.drop_column('archived_at')
        batch_op.drop_column('version')

    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_revision_service_id'))
        batch_op.drop_index('ix_revision_pending')

    op.drop_table('revision')
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_service_id'))
        batch_op.drop_index('ix_feedback_open')

    op.drop_table('feedback')
    with op.batch_alter_table('change', schema=None) as batch_op:
        batch_op.drop_index('ix_change_resource')

    op.drop_table('change')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_token_curator_id'))

    op.drop_table('api_token')
    op.drop_table('curator')
