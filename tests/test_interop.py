"""Export and import: HSDS-valid, lossless round trip, every bad record reported, nothing half-written."""

import csv
import io
import json
import os
import stat
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session, select
from typer.testing import CliRunner

from api.db import make_engine
from api.interop.export import hsds_documents, write_hsds_tabular
from api.interop.importer import ensure_reference_data, import_documents, read_documents
from api.migrate import upgrade_to_head
from api.models import Change, Location, Phone, Service
from tests.builders import make_location, make_organization, make_service
from tests.test_hsds import _errors


def _without_times(data):
    """Drop last_modified (a new database writes new times)."""
    if isinstance(data, dict):
        return {k: _without_times(v) for k, v in data.items() if k != "last_modified"}
    if isinstance(data, list):
        return [_without_times(v) for v in data]
    return data


@pytest.fixture
def empty_database(tmp_path: Path) -> Session:
    """A freshly migrated SQLite database with only vocabulary and regions."""
    engine = make_engine(f"sqlite:///{tmp_path / 'target.db'}")
    upgrade_to_head(engine=engine)
    with Session(engine) as session:
        ensure_reference_data(session)
        session.commit()
        yield session
    engine.dispose()


def test_export_documents_validate_against_hsds(db):
    data = hsds_documents(db)
    services = [s for d in data["organizations"] for s in d["services"]]
    assert len(data["organizations"]) >= 16 and len(services) >= 200
    for document in data["organizations"]:
        organization = {k: v for k, v in document.items() if k not in ("services",)}
        assert _errors(organization, "organization.json") == [], document["name"]
        for service in document["services"]:
            assert _errors(service, "compiled/service_with_definitions.json") == [], service["name"]


def test_json_round_trip_is_lossless(db, empty_database):
    first = hsds_documents(db)
    report = import_documents(empty_database, documents=first["organizations"], publish=True)
    assert report.rejected == []
    assert report.created["service"] == sum(len(d["services"]) for d in first["organizations"])
    again = hsds_documents(empty_database)
    assert _without_times(again) == _without_times(first)
    second = import_documents(empty_database, documents=first["organizations"], publish=True)
    assert second.created == {} and second.updated == {} and second.rejected == []


def test_tabular_package_round_trip_is_lossless(db, empty_database, tmp_path):
    package = tmp_path / "package"
    write_hsds_tabular(db, directory=package)
    manifest = json.loads((package / "datapackage.json").read_text())
    assert manifest["profile"] == "tabular-data-package"
    assert {r["path"] for r in manifest["resources"]} >= {"services.csv", "organizations.csv", "locations.csv",
                                                         "phones.csv", "schedules.csv", "attributes.csv"}
    with (package / "services.csv").open() as handle:
        header = next(csv.reader(handle))
    assert {"id", "organization_id", "name", "status", "minimum_age", "maximum_age"} <= set(header)
    report = import_documents(empty_database, documents=read_documents(package), publish=True)
    assert report.rejected == []
    assert _without_times(hsds_documents(empty_database)) == _without_times(hsds_documents(db))


def test_confidential_address_only_in_an_admins_full_backup(db):
    org = make_organization(db, name="Export opvang")
    hidden = make_location(db, organization=org, municipality="GM0995", confidential=True, street="Verstopstraat 9",
                           postal_code="8231 AB", latitude=52.50999, longitude=5.47111)
    make_service(db, organization=org, locations=[hidden], phones=["0800-0188"])
    public = json.dumps(hsds_documents(db))
    assert "Verstopstraat" not in public and "8231 AB" not in public and "50999" not in public
    backup = json.dumps(hsds_documents(db, full_backup=True))
    assert "Verstopstraat" in backup and "52.50999" in backup


def test_bad_records_are_reported_and_good_ones_kept(db, empty_database):
    documents = hsds_documents(db)["organizations"][:2]
    good, bad = documents[0]["services"][0], json.loads(json.dumps(documents[1]["services"][0]))
    bad["phones"] = [{"id": "x", "number": "12ab"}]
    bad["minimum_age"], bad["maximum_age"] = 30, 10
    documents[1]["services"] = [bad]
    broken_org = {"id": "00000000-0000-4000-8000-000000000001", "name": "", "description": "x",
                  "services": [dict(good, id="00000000-0000-4000-8000-000000000002")]}
    report = import_documents(empty_database, documents=documents + [broken_org], publish=False)
    rejected = {(kind, record_id): reason for kind, record_id, reason in report.rejected}
    assert "phones.0.number" in rejected[("service", bad["id"])] and "maximum_age" in rejected[("service", bad["id"])]
    assert ("organization", broken_org["id"]) in rejected
    assert rejected[("service", "00000000-0000-4000-8000-000000000002")] == "its organization was rejected"
    assert empty_database.get(Service, good["id"]).publication == "draft"  # imported as a draft
    assert empty_database.get(Service, bad["id"]) is None
    orphans = empty_database.exec(select(func.count()).select_from(Phone).where(Phone.service_id == bad["id"])).one()
    assert orphans == 0
    history = empty_database.exec(select(Change).where(Change.resource_id == good["id"])).all()
    assert [c.action for c in history] == ["import"]


def test_dry_run_writes_nothing(db, empty_database):
    documents = hsds_documents(db)["organizations"]
    report = import_documents(empty_database, documents=documents, publish=False, commit=False)
    empty_database.rollback()
    assert report.created["service"] > 0
    assert empty_database.exec(select(func.count()).select_from(Service)).one() == 0


def test_services_csv_has_the_same_services_as_the_search(client):
    params = {"age": 16, "gender": "male", "postcode": "5611"}
    search_ids, page = [], 1
    while True:
        body = client.get("/v1/services", params={**params, "page": page, "per_page": 100}).json()
        search_ids += [i["id"] for i in body["contents"]]
        if body["last_page"]:
            break
        page += 1
    response = client.get("/v1/services.csv", params=params)
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["id"] for r in rows] == search_ids
    assert rows[0]["name"] == "House of Inner Strength"


def test_cli_export_import_and_admin_only_options(tmp_path, monkeypatch):
    from api.cli import app
    from api.db import get_engine
    from api.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    get_settings.cache_clear()
    get_engine.cache_clear()
    runner = CliRunner()
    try:
        assert runner.invoke(app, ["seed"]).exit_code == 0
        export = runner.invoke(app, ["export", str(tmp_path / "all.json")])
        assert export.exit_code == 0 and "services written" in export.output
        assert runner.invoke(app, ["export", "--full-backup", str(tmp_path / "b.json")]).exit_code == 2
        editor = runner.invoke(app, ["curator", "add", "Eef", "--role", "editor"]).output.strip().splitlines()[-1]
        denied = runner.invoke(app, ["import", str(tmp_path / "all.json"), "--publish", "--token", editor])
        assert denied.exit_code == 1 and "admin" in denied.output
        dry = runner.invoke(app, ["import", str(tmp_path / "all.json"), "--dry-run"])
        assert dry.exit_code == 0 and "dry run" in dry.output and "0 rejected" in dry.output
        assert runner.invoke(app, ["export", "--format", "csv", str(tmp_path / "flat.csv")]).exit_code == 0
        assert (tmp_path / "flat.csv").read_text().startswith("name,organization")
    finally:
        get_settings.cache_clear()
        get_engine.cache_clear()


def test_a_full_backup_is_readable_by_its_owner_only(tmp_path, monkeypatch):
    from api.cli import app
    from api.db import get_engine
    from api.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    get_settings.cache_clear()
    get_engine.cache_clear()
    runner = CliRunner()
    old = os.umask(0o022)
    try:
        assert runner.invoke(app, ["seed"]).exit_code == 0
        admin = runner.invoke(app, ["curator", "add", "Ada", "--role", "admin"]).output.strip().splitlines()[-1]
        backup = tmp_path / "backup.json"
        backup.write_text("an older file, readable by all")
        backup.chmod(0o644)
        assert runner.invoke(app, ["export", "--full-backup", "--token", admin, str(backup)]).exit_code == 0
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600 and "confidential" in backup.read_text()
        tabular = tmp_path / "backup-tables"
        assert runner.invoke(app, ["export", "--full-backup", "--token", admin, "--format", "hsds-csv",
                                   str(tabular)]).exit_code == 0
        assert stat.S_IMODE(tabular.stat().st_mode) == 0o700
        assert {stat.S_IMODE(f.stat().st_mode) for f in tabular.iterdir()} == {0o600}
        public = tmp_path / "public.json"  # a public export stays an ordinary file
        assert runner.invoke(app, ["export", str(public)]).exit_code == 0
        assert stat.S_IMODE(public.stat().st_mode) == 0o644
    finally:
        os.umask(old)
        get_settings.cache_clear()
        get_engine.cache_clear()


def test_import_applies_the_write_apis_location_rules(db, empty_database):
    """An imported location must lie in a known municipality, as one made through the API."""
    organization = make_organization(db, name="Plaatsing")
    somewhere = make_location(db, organization=organization, municipality="GM0363", name="Ergens")
    make_service(db, organization=organization, name="Met telefoon", areas=["NL"], phones=["0800-0188"],
                 locations=[somewhere])
    db.flush()
    (document,) = [d for d in hsds_documents(db)["organizations"] if d["id"] == organization.id]
    nowhere = dict(next(loc for loc in document["locations"] if loc["id"] == somewhere.id),
                   id="00000000-0000-4000-8000-00000000000a", external_identifier="GM9999")
    document["locations"].append(nowhere)
    report = import_documents(empty_database, documents=[document], publish=True)
    rejected = {(kind, record_id): reason for kind, record_id, reason in report.rejected}
    assert "unknown municipality 'GM9999'" in rejected[("location", nowhere["id"])]
    assert empty_database.get(Location, nowhere["id"]) is None
    assert empty_database.get(Location, somewhere.id).municipality_code == "GM0363"


def test_publishing_import_refuses_a_listing_without_a_contact_route(db, empty_database):
    """--publish cannot publish what a reviewer could not approve: no phone, channel or live location."""
    organization = make_organization(db, name="Onbereikbaar")
    unreachable = make_service(db, organization=organization, name="Zonder contact", areas=["NL"])
    reachable = make_service(db, organization=organization, name="Met telefoon", areas=["NL"], phones=["0800-0188"])
    db.flush()
    (document,) = [d for d in hsds_documents(db)["organizations"] if d["id"] == organization.id]
    report = import_documents(empty_database, documents=[document], publish=True)
    rejected = {(kind, record_id): reason for kind, record_id, reason in report.rejected}
    assert "add a phone, another contact channel or a location" in rejected[("service", unreachable.id)]
    assert empty_database.get(Service, unreachable.id) is None
    assert empty_database.get(Service, reachable.id).publication == "published"
    drafts = import_documents(empty_database, documents=[document], publish=False)
    assert not drafts.rejected and empty_database.get(Service, unreachable.id).publication == "draft"



def _fresh_ids(document: dict) -> dict:
    """The same organisation document under new ids (so an import creates it)."""
    text = json.dumps(document)
    ids = {document["id"], *(loc["id"] for loc in document["locations"]), *(s["id"] for s in document["services"])}
    for old in ids:
        text = text.replace(old, str(uuid.uuid4()))
    return json.loads(text)


def test_malformed_records_are_reported_by_path_and_the_good_ones_imported(db):
    organization = make_organization(db, name="Import Structuur")
    place = make_location(db, organization=organization, municipality="GM0363", name="Plek")
    for name in ("Goed een", "Goed twee", "Telefoon fout", "Kenmerk fout", "Te lang"):
        make_service(db, organization=organization, name=name, phones=["0800-0188"], locations=[place])
    db.flush()
    (document,) = [d for d in hsds_documents(db)["organizations"] if d["id"] == organization.id]
    document = _fresh_ids(document)
    by_name = {s["name"]: s for s in document["services"]}
    by_name["Telefoon fout"]["phones"] = "0301234567"
    by_name["Kenmerk fout"]["attributes"] = [5]
    by_name["Te lang"]["id"] = "x" * 40
    duplicate = dict(by_name["Goed een"], name="Goed een, nogmaals")
    document["services"] += ["alleen tekst", duplicate]

    report = import_documents(db, documents=[document], publish=False, commit=False)
    reasons = {reason for _, _, reason in report.rejected}
    assert any(".phones: '0301234567' is not of type 'array'" in r for r in reasons), reasons
    assert any(".attributes[0]: 5 is not of type 'object'" in r for r in reasons), reasons
    assert any(".id: " in r and "is too long" in r for r in reasons), reasons
    assert any("'alleen tekst' is not of type 'object'" in r for r in reasons), reasons
    assert any(f"duplicate id {by_name['Goed een']['id']}" in r for r in reasons), reasons
    assert len(report.rejected) == 5
    assert (report.created["organization"], report.created["location"], report.created["service"]) == (1, 1, 2)
    stored = db.exec(select(Service.name).where(Service.organization_id == document["id"])).all()
    assert sorted(stored) == ["Goed een", "Goed twee"]


@pytest.mark.parametrize(("content", "says"), [
    (b"", "the file is empty"),
    (b'{"organizations": [{"id": "a", "na', "not valid JSON at line 1"),
    ('{"organizations": []}'.encode("utf-16"), "not UTF-8"),
    (b'{"services": []}', 'an object with "organizations"'),
])
def test_a_file_that_is_no_export_gets_one_clear_line(tmp_path, monkeypatch, content, says):
    from api.cli import app
    from api.db import get_engine
    from api.settings import get_settings
    from api.interop.importer import ImportFileError

    path = tmp_path / "import.json"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=says):
        read_documents(path)
    get_settings.cache_clear()
    get_engine.cache_clear()
    try:
        monkeypatch.chdir(tmp_path)  # the file named as a user in its folder would (a long path wraps the line)
        result = CliRunner(env={"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}).invoke(app, ["import", path.name])
    finally:
        get_settings.cache_clear()
        get_engine.cache_clear()
    assert result.exit_code == 2 and says in " ".join(result.output.split()), result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) <= 3


def test_an_empty_directory_is_no_export(tmp_path):
    from api.interop.importer import ImportFileError

    (tmp_path / "package").mkdir()
    with pytest.raises(ImportFileError, match="no organizations.csv"):
        read_documents(tmp_path / "package")


def test_an_import_never_makes_a_confidential_address_public(db):
    org = make_organization(db, name="Opvang import")
    hidden = make_location(db, organization=org, municipality="GM0995", confidential=True, street="Schuilweg 3",
                           postal_code="8231 AB", latitude=52.50999, longitude=5.47111)
    make_service(db, organization=org, locations=[hidden], phones=["0800-0188"])
    db.flush()
    (document,) = [d for d in hsds_documents(db, full_backup=True)["organizations"] if d["id"] == org.id]
    (location,) = document["locations"]
    location["attributes"] = []  # without the confidential flag
    location["name"] = "Nieuwe naam"

    report = import_documents(db, documents=[document], publish=False, commit=False)
    assert [(kind, record_id) for kind, record_id, _ in report.rejected] == [("location", hidden.id)]
    assert "confidential address public" in report.rejected[0][2]
    db.expire_all()
    assert db.get(Location, hidden.id).confidential is True and db.get(Location, hidden.id).name != "Nieuwe naam"


def test_the_tabular_package_guards_formulas_and_still_round_trips(db, empty_database, tmp_path):
    organization = make_organization(db, name="=HYPERLINK(\"https://example.org\",\"klik\")")
    make_service(db, organization=organization, name="@Hulp", description="-1 lijkt een som", phones=["0800-0188"])
    db.flush()
    package = tmp_path / "package"
    write_hsds_tabular(db, directory=package)
    for table in ("organizations", "services"):
        with (package / f"{table}.csv").open(encoding="utf-8") as handle:
            cells = [value for row in csv.reader(handle) for value in row]
        assert not any(value.startswith(("=", "+", "-", "@")) for value in cells), table
    assert "'=HYPERLINK" in (package / "organizations.csv").read_text(encoding="utf-8")
    report = import_documents(empty_database, documents=read_documents(package), publish=True)
    assert report.rejected == []
    imported = empty_database.get(Service, db.exec(select(Service.id).where(
        Service.organization_id == organization.id)).one())
    assert (imported.name, imported.description) == ("@Hulp", "-1 lijkt een som")
    assert imported.organization.name == organization.name
