"""The migrations build the whole schema on both databases, and the models never drift from them."""

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import SQLModel

import api.models  # noqa: F401
from api.models.search import include_in_autogenerate
from api.db import make_engine
from api.migrate import alembic_config, upgrade_to_head, without_statement_timeout


def test_models_match_migrations(connection):
    """Like `alembic check`: autogenerate finds nothing to add, drop or alter."""
    context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                           "include_object": include_in_autogenerate})
    assert compare_metadata(context, SQLModel.metadata) == []


def test_every_table_exists_with_named_constraints(connection):
    inspector = inspect(connection)
    assert set(SQLModel.metadata.tables) <= set(inspector.get_table_names())
    checks = {c["name"] for c in inspector.get_check_constraints("service")}
    assert "ck_service_age_order" in checks


@pytest.mark.parametrize(("minimum", "maximum"), [(20, 10), (-1, None), (None, 121)])
def test_database_refuses_impossible_ages(connection, minimum, maximum):
    org_id = connection.execute(text("SELECT id FROM organization LIMIT 1")).scalar_one()
    savepoint = connection.begin_nested()
    with pytest.raises(IntegrityError):
        connection.execute(
            text("INSERT INTO service (id, organization_id, name, description, status, publication, minimum_age,"
                 " maximum_age, anonymous, police_involved, lgbtq_friendly, crisis_24_7, self_referral, free,"
                 " search_text, version, created_at, updated_at) VALUES ('00000000-0000-0000-0000-000000000001',"
                 " :org, 'x', '', 'active', 'draft', :min, :max, false, false, false, false, false, false, '', 1,"
                 " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
            {"org": org_id, "min": minimum, "max": maximum},
        )
    savepoint.rollback()


def test_downgrade_to_base_and_upgrade_again(tmp_path):
    """Every revision can be reverted and re-applied (SQLite file, batch mode)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'roundtrip.db'}")
    upgrade_to_head(engine=engine)
    with engine.begin() as conn:
        config = alembic_config(database_url=str(engine.url))
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
    assert inspect(engine).get_table_names() == ["alembic_version"]
    upgrade_to_head(engine=engine)
    assert "service" in inspect(engine).get_table_names()


def test_operator_work_is_not_held_to_the_request_statement_timeout(connection):
    """Migrations and bulk loads run statements longer than a request may (a projection rebuild at 100k)."""
    if connection.dialect.name != "postgresql":
        pytest.skip("the statement timeout is PostgreSQL's")
    with connection.begin_nested():
        connection.exec_driver_sql("SET LOCAL statement_timeout = 20")
        with pytest.raises(OperationalError, match="statement timeout"), connection.begin_nested():
            connection.exec_driver_sql("SELECT pg_sleep(0.2)")
        without_statement_timeout(connection)
        connection.exec_driver_sql("SELECT pg_sleep(0.2)")
