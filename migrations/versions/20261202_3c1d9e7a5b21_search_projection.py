"""Search projection: integer-keyed rows per public service, a substring full-text index, and
the directory version that HTTP validators derive from.

SQLite: an FTS5 table with the trigram tokenizer over search_entry.search_text, kept in
step by triggers. PostgreSQL: a pg_trgm GIN index on the same column (LIKE '%word%' uses
it). The projection is filled from the listing tables by revision 8d4f2a6c1e37, once every
table that `api.search.projection.rebuild` writes exists.

Revision ID: 3c1d9e7a5b21
Revises: 7faa198f2a19
Create Date: 2026-12-02 14:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "3c1d9e7a5b21"
down_revision: str | None = "7faa198f2a19"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(search_text, content='search_entry', content_rowid='key', "
    "tokenize='trigram')",
    "CREATE TRIGGER search_entry_fts_insert AFTER INSERT ON search_entry BEGIN "
    "INSERT INTO search_fts(rowid, search_text) VALUES (new.key, new.search_text); END",
    "CREATE TRIGGER search_entry_fts_delete AFTER DELETE ON search_entry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, search_text) VALUES ('delete', old.key, old.search_text); END",
    "CREATE TRIGGER search_entry_fts_update AFTER UPDATE ON search_entry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, search_text) VALUES ('delete', old.key, old.search_text); "
    "INSERT INTO search_fts(rowid, search_text) VALUES (new.key, new.search_text); END",
]


UNUSED_INDEXES = [
    ("ix_service_anonymous", "service"), ("ix_service_lgbtq_friendly", "service"),
    ("ix_service_crisis_24_7", "service"), ("ix_service_self_referral", "service"), ("ix_service_free", "service"),
    ("ix_service_area_service_id", "service_area"), ("ix_language_service_id", "language"),
    ("ix_attribute_service_id", "attribute"), ("ix_service_at_location_service_id", "service_at_location"),
]


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "search_entry",
        sa.Column("key", sa.Integer(), nullable=False),
        sa.Column("service_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("organization_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("minimum_age", sa.Integer(), nullable=True),
        sa.Column("maximum_age", sa.Integer(), nullable=True),
        sa.Column("gender_mask", sa.Integer(), nullable=False),
        sa.Column("national", sa.Boolean(), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("free", sa.Boolean(), nullable=False),
        sa.Column("lgbtq_friendly", sa.Boolean(), nullable=False),
        sa.Column("crisis_24_7", sa.Boolean(), nullable=False),
        sa.Column("self_referral", sa.Boolean(), nullable=False),
        sa.Column("sort_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("search_text", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(["service_id"], ["service.id"], name=op.f("fk_search_entry_service_id_service"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_search_entry")),
        sa.UniqueConstraint("service_id", name=op.f("uq_search_entry_service_id")),
    )
    op.create_index(op.f("ix_search_entry_organization_id"), "search_entry", ["organization_id"])
    op.create_table(
        "search_place",
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("key", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["key"], ["search_entry.key"], name=op.f("fk_search_place_key_search_entry"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("kind", "code", "key", name=op.f("pk_search_place")),
    )
    op.create_index(op.f("ix_search_place_key"), "search_place", ["key"])
    op.create_table(
        "search_term",
        sa.Column("term_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("key", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["key"], ["search_entry.key"], name=op.f("fk_search_term_key_search_entry"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("term_id", "key", name=op.f("pk_search_term")),
    )
    op.create_index(op.f("ix_search_term_key"), "search_term", ["key"])
    op.create_table(
        "search_point",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.Integer(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["key"], ["search_entry.key"], name=op.f("fk_search_point_key_search_entry"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_point")),
    )
    op.create_table(
        "directory_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_version")),
    )
    op.execute("INSERT INTO directory_version (id, version) VALUES (1, 1)")
    op.create_index("ix_search_point_position", "search_point", ["latitude", "longitude", "key"])
    op.create_index(op.f("ix_search_point_key"), "search_point", ["key"])
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
    else:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_search_entry_text_trgm ON search_entry USING gin (search_text gin_trgm_ops)")

    # Search reads the projection now: the flag indexes on service go, and so do single-column
    # service_id indexes that a unique index starting with service_id already provides.
    for index, table in UNUSED_INDEXES:
        op.drop_index(index, table_name=table)


def downgrade() -> None:
    """Revert this revision."""
    for index, table in UNUSED_INDEXES:
        column = index.removeprefix(f"ix_{table}_")
        op.create_index(index, table, [column])
    if op.get_bind().dialect.name == "sqlite":
        for name in ("search_entry_fts_insert", "search_entry_fts_delete", "search_entry_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS search_fts")
    for table in ("directory_version", "search_point", "search_term", "search_place", "search_entry"):
        op.drop_table(table)
