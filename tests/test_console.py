"""The curator console as curators use it: sign in, find, edit, submit, review, verify, resolve, manage.

Every test drives the console's own pages and forms (as a browser would post them) and checks what a
curator or the public would notice: the page's text, the public API, what is stored.
"""

import re
from pathlib import Path

import pytest
from sqlmodel import select

from api.models import Change, Curator, Location, Organization, Service
from tests.builders import make_location, make_organization, make_service
from tests.console_support import Browser, console_client, hidden, service_form, text_of
from tests.test_curation_support import count, make_team

TEMPLATES = Path(__file__).resolve().parents[1] / "api" / "console" / "templates"


@pytest.fixture
def team(db):
    return make_team(db)


@pytest.fixture
def web(connection, db):
    db.flush()
    with console_client(connection) as client:
        yield client


@pytest.fixture
def place(db):
    """An organisation with a public location in Amsterdam."""
    organization = make_organization(db, name="Stichting Zwaluw")
    location = make_location(db, organization=organization, municipality="GM0363", name="Zwaluwhuis",
                             street="Damrak 1", postal_code="1012 JS")
    return organization, location


def _created_id(response) -> str:
    assert response.status_code == 303, text_of(response.text)[:600]
    return re.search(r"/console/\w+s/([0-9a-f-]{36})", response.headers["location"]).group(1)


def _public_names(web, **params) -> list[str]:
    return [item["name"] for item in web.get("/v1/services", params={"per_page": 50, **params}).json()["contents"]]


# ---------------------------------------------------------------- signing in

def test_signing_in_keeps_the_token_in_a_strict_cookie_and_signing_out_clears_it(web, team):
    browser = Browser(web)
    assert "Aanmelden" in browser.get("/console/").text
    assert browser.get("/console/services").headers["location"] == "/console/"  # not signed in: to the form

    refused = browser.sign_in("hf_" + "0" * 32 + "_" + "x" * 43)
    assert refused.status_code == 401 and "ongeldig of ingetrokken" in text_of(refused.text)

    signed = browser.sign_in(team.editor_token)
    cookie = next(v for k, v in signed.headers.multi_items() if k == "set-cookie" and v.startswith("hf_console="))
    assert team.editor_token in cookie
    for attribute in ("HttpOnly", "Secure", "SameSite=strict", "Path=/console"):
        assert attribute.lower() in cookie.lower()
    home = browser.get("/console/")
    assert "Eva Editor" in home.text and team.editor_token not in home.text
    assert home.headers["cache-control"] == "private, no-store"

    out = browser.post("/console/sign-out")
    assert out.status_code == 303
    assert browser.get("/console/services").headers["location"] == "/console/"


def test_a_revoked_token_ends_the_console_session(web, team, db):
    browser = Browser(web, team.second_editor_token)
    assert browser.get("/console/services").status_code == 200
    admin = Browser(web, team.admin_token)
    token_id = db.exec(select(Curator).where(Curator.name == "Bram Editor")).one().id
    admin.post(f"/console/curators/{token_id}/deactivate")
    assert browser.get("/console/services").headers["location"] == "/console/"


# ---------------------------------------------------------------- CSRF

def test_form_posts_without_the_form_token_or_from_another_site_are_refused(web, team, place, db):
    organization, _ = place
    draft = make_service(db, organization=organization, name="Conceptdienst", publication="draft", phones=["0800-1"])
    browser = Browser(web, team.editor_token)

    for response in (
        browser.post(f"/console/services/{draft.id}/submit", csrf=False),
        browser.post(f"/console/services/{draft.id}/submit", [("csrf", "0" * 64)], csrf=False),
        browser.post(f"/console/services/{draft.id}/submit", Origin="https://evil.example"),
        browser.post("/console/organizations/new", {"name": "Via CSRF"}, csrf=False),
    ):
        assert response.status_code == 403
        assert "Formulier geweigerd" in response.text and "niets gewijzigd" in text_of(response.text)
    db.expire_all()
    assert db.get(Service, draft.id).publication == "draft"
    assert count(db, Organization, Organization.name == "Via CSRF") == 0

    # Another curator's form token does not work in this session either.
    other = Browser(web, team.second_editor_token).csrf
    browser = Browser(web, team.editor_token)
    assert browser.post(f"/console/services/{draft.id}/submit", [("csrf", other)], csrf=False).status_code == 403
    assert browser.post(f"/console/services/{draft.id}/submit").status_code == 303  # the page's own token works

    # The sign-in form has its own double-submit value.
    assert Browser(web).post("/console/sign-in", {"token": team.editor_token}, csrf=False).status_code == 403


# ---------------------------------------------------------------- the whole curation flow

def test_a_new_service_is_written_submitted_approved_and_found_by_the_public(web, team, place):
    organization, location = place
    editor = Browser(web, team.editor_token)
    form = service_form(organization.id, location_ids=[location.id])
    created = editor.post("/console/services/new", form)
    service_id = _created_id(created)
    page = editor.get(created.headers["location"])
    assert "Aangemaakt" in page.text and "concept" in text_of(page.text)
    assert "Jongensteam Zwaluw" not in _public_names(web, q="zwaluw")

    editor.post(f"/console/services/{service_id}/submit")
    assert "ter beoordeling" in text_of(editor.get(f"/console/services/{service_id}").text)

    own = editor.post(f"/console/services/{service_id}/approve")  # an editor cannot approve
    assert own.status_code == 403 and "reviewer" in own.text

    reviewer = Browser(web, team.reviewer_token)
    queue = reviewer.get("/console/review")
    assert "Jongensteam Zwaluw" in queue.text and "nieuwe vermelding" in queue.text
    approved = reviewer.post(f"/console/services/{service_id}/approve",
                             {"comment": "Gebeld, klopt", "next": "/console/review"})
    assert approved.headers["location"] == "/console/review?done=approved"
    assert "Jongensteam Zwaluw" in _public_names(web, q="zwaluw")
    public = web.get(f"/v1/services/{service_id}").json()
    phone = next(c for c in public["channels"] if c["type"] == "phone")
    assert (phone["value"], phone["free"], public["minimum_age"]) == ("0800-1234", True, 12)
    history = text_of(reviewer.get(f"/console/services/{service_id}").text)
    assert "Gebeld, klopt" in history and "gepubliceerd" in history


def test_a_validation_error_names_the_fields_and_keeps_everything_typed(web, team, place, db):
    organization, location = place
    editor = Browser(web, team.editor_token)
    before = count(db, Service)
    form = service_form(organization.id, name="Typwerk Zwaluw", description="Lange tekst die blijft staan",
                        minimum_age="18", maximum_age="12", **{"phones.0.number": "12", "phones.0.hours": "ma-vr 9-5",
                                                               "email": "niet-een-adres"})
    refused = editor.post("/console/services/new", form)
    assert refused.status_code == 422
    page = refused.text
    assert count(db, Service) == before
    assert 'value="Typwerk Zwaluw"' in page and "Lange tekst die blijft staan" in page
    assert 'value="12"' in page and 'value="ma-vr 9-5"' in page and 'value="niet-een-adres"' in page
    # Each problem is next to its input, which says it is invalid, and listed in the summary.
    for name in ("maximum_age", "phones-0-number", "phones-0-hours", "email"):
        assert re.search(rf'id="{name}-error"', page), name
        assert re.search(rf'<input id="{name}"[^>]*aria-invalid="true"', page), name
    assert "must be at least minimum_age (18)" in page
    assert "'ma-vr 9-5' is not understood" in text_of(page)
    assert "Verbeter het volgende" in page


def test_a_concurrent_edit_shows_what_the_other_curator_changed_and_keeps_my_typing(web, team, place, db):
    organization, _ = place
    draft = make_service(db, organization=organization, name="Zwaluwlijn", description="Oud", publication="draft",
                         phones=["0800-0188"])
    eva, bram = Browser(web, team.editor_token), Browser(web, team.second_editor_token)
    eva_form, bram_form = eva.get(f"/console/services/{draft.id}/edit").text, bram.get(
        f"/console/services/{draft.id}/edit").text
    seen = hidden(eva_form, "version")
    assert hidden(bram_form, "version") == seen

    first = eva.post(f"/console/services/{draft.id}/edit",
                     service_form(organization.id, name="Zwaluwlijn", description="Eva's nieuwe tekst",
                                  version=seen, **{"phones.0.number": "0800-0188"}))
    assert first.status_code == 303
    second = bram.post(f"/console/services/{draft.id}/edit",
                       service_form(organization.id, name="Zwaluwlijn (Bram)", description="Bram's tekst",
                                    version=seen, **{"phones.0.number": "0800-0188"}))
    assert second.status_code == 409
    page = text_of(second.text)
    assert "Iemand anders heeft deze vermelding gewijzigd" in page and "Eva Editor" in page
    assert "Eva's nieuwe tekst" in page  # their change, in the diff
    assert 'value="Zwaluwlijn (Bram)"' in second.text and "Bram&#39;s tekst" in second.text  # my typing, kept
    db.expire_all()
    assert db.get(Service, draft.id).description == "Eva's nieuwe tekst"  # nothing overwritten

    again = bram.post(f"/console/services/{draft.id}/edit",
                      service_form(organization.id, name="Zwaluwlijn (Bram)", description="Bram's tekst",
                                   version=hidden(second.text, "version"), **{"phones.0.number": "0800-0188"}))
    assert again.status_code == 303
    db.expire_all()
    assert db.get(Service, draft.id).name == "Zwaluwlijn (Bram)"


def test_an_edit_of_a_published_service_waits_for_review_with_a_side_by_side_diff(web, team, place, db):
    organization, location = place
    service = make_service(db, organization=organization, name="Zwaluw Inloop", description="Elke dag open",
                           locations=[location], phones=["0800-0188"], areas=["GM0363"])
    editor = Browser(web, team.editor_token)
    version = hidden(editor.get(f"/console/services/{service.id}/edit").text, "version")
    saved = editor.post(f"/console/services/{service.id}/edit", service_form(
        organization.id, name="Zwaluw Inloop", description="Alleen op dinsdag", version=version,
        location_ids=[location.id], **{"phones.0.number": "0800-0188"}))
    assert saved.headers["location"].endswith("done=proposed")
    assert web.get(f"/v1/services/{service.id}").json()["description"] == "Elke dag open"

    reviewer = Browser(web, team.reviewer_token)
    queue = reviewer.get("/console/review").text
    row = re.search(r"<tr><th scope=\"row\">Omschrijving</th>(.*?)</tr>", queue, re.S).group(1)
    assert "Elke dag open" in row and "Alleen op dinsdag" in row
    assert "Eva Editor" in queue
    revision_id = hidden(queue, "revision_id")
    reviewer.post(f"/console/services/{service.id}/approve", {"revision_id": revision_id, "comment": "Nagebeld"})
    assert web.get(f"/v1/services/{service.id}").json()["description"] == "Alleen op dinsdag"


def test_a_reviewer_rejects_a_proposal_with_a_comment_and_the_public_keeps_the_listing(web, team, place, db):
    organization, location = place
    service = make_service(db, organization=organization, name="Zwaluw Chat", locations=[location],
                           phones=["0800-0188"])
    editor = Browser(web, team.editor_token)
    version = hidden(editor.get(f"/console/services/{service.id}/edit").text, "version")
    editor.post(f"/console/services/{service.id}/edit", service_form(
        organization.id, name="Zwaluw Chat (fout)", version=version, location_ids=[location.id],
        **{"phones.0.number": "0800-0188"}))
    reviewer = Browser(web, team.reviewer_token)
    reviewer.post(f"/console/services/{service.id}/reject", {"comment": "Naam klopt niet"})
    assert web.get(f"/v1/services/{service.id}").json()["name"] == "Zwaluw Chat"
    page = text_of(reviewer.get(f"/console/services/{service.id}").text)
    assert "Naam klopt niet" in page and "Een wijziging wacht op beoordeling" not in page


def test_nobody_approves_their_own_proposal_in_the_console(web, team, place, db):
    organization, location = place
    service = make_service(db, organization=organization, name="Zwaluw Lijn", locations=[location],
                           phones=["0800-0188"])
    reviewer = Browser(web, team.reviewer_token)
    version = hidden(reviewer.get(f"/console/services/{service.id}/edit").text, "version")
    reviewer.post(f"/console/services/{service.id}/edit", service_form(
        organization.id, name="Zwaluw Lijn 2", version=version, location_ids=[location.id],
        **{"phones.0.number": "0800-0188"}))
    assert "Dit stelde je zelf voor" in reviewer.get("/console/review").text
    own = reviewer.post(f"/console/services/{service.id}/approve")
    assert own.status_code == 403 and "another reviewer must approve it" in own.text
    assert web.get(f"/v1/services/{service.id}").json()["name"] == "Zwaluw Lijn"


# ---------------------------------------------------------------- queues

def test_verified_today_takes_a_listing_off_the_stale_queue(web, team, place, db):
    organization, location = place
    service = make_service(db, organization=organization, name="Nooit Gecontroleerd", locations=[location],
                           phones=["0800-0188"])
    editor = Browser(web, team.editor_token)

    def stale_pages() -> str:
        """Every page of the stale queue, as a curator pages through it."""
        pages, number = [], 1
        while True:
            pages.append(editor.get("/console/stale", page=str(number)).text)
            if 'rel="next"' not in pages[-1]:
                return "".join(pages)
            number += 1

    total = int(re.search(r"<strong>(\d+)</strong> gepubliceerde", editor.get("/console/").text).group(1))
    assert "Nooit Gecontroleerd" in stale_pages()
    done = editor.post(f"/console/services/{service.id}/verify", {"next": "/console/stale"})
    assert done.headers["location"] == "/console/stale?done=verified"
    assert "Nooit Gecontroleerd" not in stale_pages()
    assert re.search(r"<strong>(\d+)</strong> gepubliceerde", editor.get("/console/").text).group(1) == str(total - 1)
    db.expire_all()
    assert db.get(Service, service.id).assurer == "Eva Editor"


def test_public_feedback_is_resolved_from_the_feedback_queue(web, team, place, db):
    organization, location = place
    service = make_service(db, organization=organization, name="Zwaluw Meldpunt", locations=[location],
                           phones=["0800-0188"])
    web.post(f"/v1/services/{service.id}/feedback", json={"reason": "wrong_phone", "message": "Nummer werkt niet"})
    editor = Browser(web, team.editor_token)
    queue = editor.get("/console/feedback").text
    assert "Nummer werkt niet" in queue and "verkeerd telefoonnummer" in queue
    feedback_id = re.search(r'/console/feedback/([0-9a-f-]{36})/resolve', queue).group(1)
    empty = editor.post(f"/console/feedback/{feedback_id}/resolve", {"resolution": " "})
    assert empty.status_code == 422 and "zeg wat je hebt gedaan" in empty.text
    editor.post(f"/console/feedback/{feedback_id}/resolve", {"resolution": "Nummer aangepast"})
    assert "Nummer werkt niet" not in editor.get("/console/feedback").text
    assert "Nummer aangepast" in editor.get("/console/feedback", all="1").text


# ---------------------------------------------------------------- history, organisations, locations

def test_an_earlier_version_is_restored_from_the_history(web, team, place, db):
    organization, _ = place
    editor = Browser(web, team.editor_token)
    service_id = _created_id(editor.post("/console/services/new", service_form(organization.id, name="Versie Een")))
    version = hidden(editor.get(f"/console/services/{service_id}/edit").text, "version")
    editor.post(f"/console/services/{service_id}/edit", service_form(organization.id, name="Versie Twee",
                                                                      version=version))
    reviewer = Browser(web, team.reviewer_token)
    page = reviewer.get(f"/console/services/{service_id}").text
    first = db.exec(select(Change).where(Change.resource_id == service_id, Change.action == "create")).one()
    assert f"/history/{first.id}/restore" in page
    assert f"/history/{first.id}/restore" not in editor.get(f"/console/services/{service_id}").text  # reviewers only
    reviewer.post(f"/console/services/{service_id}/history/{first.id}/restore")
    db.expire_all()
    assert db.get(Service, service_id).name == "Versie Een"
    assert "versie teruggezet" in reviewer.get(f"/console/services/{service_id}").text


def test_organisations_and_confidential_locations_through_the_console(web, team, db):
    editor = Browser(web, team.editor_token)
    organization_id = _created_id(editor.post("/console/organizations/new", {
        "name": "Stichting Veilig Huis", "description": "Opvang", "website": "https://example.org",
        "translations.en.name": "Safe House Foundation"}))
    location_id = _created_id(editor.post("/console/locations/new", {
        "organization_id": organization_id, "name": "Opvanghuis", "confidential": "on",
        "address.address_1": "Geheimstraat 7", "address.postal_code": "3511 AB", "address.city": "Utrecht"}))
    page = text_of(editor.get(f"/console/locations/{location_id}").text)
    assert "Vertrouwelijk adres: nooit openbaar" in page and "Geheimstraat 7" in page
    organization_page = editor.get(f"/console/organizations/{organization_id}").text
    assert 'class="confidential"' in organization_page and "Geheimstraat 7" in organization_page

    # Turning confidential off waits for a second reviewer, also for a location the public does not see.
    version = hidden(editor.get(f"/console/locations/{location_id}/edit").text, "version")
    editor.post(f"/console/locations/{location_id}/edit", {
        "organization_id": organization_id, "name": "Opvanghuis", "version": version,
        "address.address_1": "Geheimstraat 7", "address.postal_code": "3511 AB", "address.city": "Utrecht"})
    db.expire_all()
    assert db.get(Location, location_id).confidential is True
    assert "Een wijziging wacht op beoordeling" in editor.get(f"/console/locations/{location_id}").text

    bad = editor.post("/console/organizations/new", {"name": "", "website": "ftp://x"})
    assert bad.status_code == 422 and 'id="name-error"' in bad.text and 'id="website-error"' in bad.text
    assert 'value="ftp://x"' in bad.text


def test_the_lists_filter_like_the_public_api_plus_state(web, team, place, db):
    organization, location = place
    make_service(db, organization=organization, name="Zwaluw Jong", minimum_age=12, maximum_age=17,
                 service_types=["chat"], areas=["GM0363"], phones=["0800-0188"], situations=["sextortion"],
                 genders=["male"])
    make_service(db, organization=organization, name="Zwaluw Volwassen", minimum_age=18, service_types=["helpline"],
                 areas=["GM0344"], publication="draft", phones=["0800-0188"], audiences=["parent-or-carer"])
    editor = Browser(web, team.editor_token)

    def names(**params) -> list[str]:
        page = editor.get("/console/services", q="zwaluw", **params).text
        return re.findall(r'<a href="/console/services/[0-9a-f-]{36}">([^<]+)</a>', page)

    assert names() == ["Zwaluw Jong", "Zwaluw Volwassen"]
    assert names(state="draft") == ["Zwaluw Volwassen"]
    assert names(age="15") == ["Zwaluw Jong"]
    assert names(service_type="helpline") == ["Zwaluw Volwassen"]
    assert names(region="PV27") == ["Zwaluw Jong"]  # Amsterdam lies in Noord-Holland
    assert names(region="PV26") == ["Zwaluw Volwassen"]  # Utrecht
    assert names(situation="sextortion") == ["Zwaluw Jong"] and names(gender="male") == ["Zwaluw Jong"]
    assert names(audience="parent-or-carer") == ["Zwaluw Volwassen"]
    organizations = editor.get("/console/organizations", q="zwaluw").text
    assert "Stichting Zwaluw" in organizations
    assert names(organization_id=organization.id) == ["Zwaluw Jong", "Zwaluw Volwassen"]


# ---------------------------------------------------------------- curators

def test_admins_manage_curators_and_a_new_token_is_shown_once(web, team, db):
    admin = Browser(web, team.admin_token)
    added = admin.post("/console/curators", {"name": "Nieuwe Collega", "role": "editor"})
    token = re.search(r'id="new-token" readonly value="([^"]+)"', added.text).group(1)
    assert token.startswith("hf_")
    assert token not in admin.get("/console/curators").text  # shown once
    assert "Nieuwe Collega" in Browser(web, token).get("/console/").text

    colleague = db.exec(select(Curator).where(Curator.name == "Nieuwe Collega")).one()
    Browser(web, team.admin_token).post(f"/console/curators/{colleague.id}/role", {"role": "reviewer"})
    db.expire_all()
    assert db.get(Curator, colleague.id).role == "reviewer"

    admin = Browser(web, team.admin_token)
    page = admin.get("/console/curators").text
    colleague_row = page[page.index("Nieuwe Collega"):]
    token_id = re.search(r"/console/tokens/([0-9a-f-]{36})/revoke", colleague_row).group(1)
    admin.post(f"/console/tokens/{token_id}/revoke")
    assert Browser(web).sign_in(token).status_code == 401

    last = Browser(web, team.admin_token).post(f"/console/curators/{team.admin.id}/role", {"role": "editor"})
    assert last.status_code == 409 and "last admin" in last.text
    assert Browser(web, team.editor_token).get("/console/curators").status_code == 403


# ---------------------------------------------------------------- language

def test_the_console_speaks_dutch_by_default_and_english_on_request(web, team):
    browser = Browser(web, team.editor_token)
    assert "Diensten" in browser.get("/console/services").text
    switched = browser.get("/console/language/en", next="/console/services")
    assert switched.headers["location"] == "/console/services"
    page = browser.get("/console/services").text
    assert '<html lang="en">' in page and ">Services<" in page and "Diensten" not in page
    assert browser.get("/console/language/nl", next="https://evil.example/").headers["location"] == "/console/"


def test_every_interface_text_has_a_dutch_version():
    from api.console.text import CODED, DUTCH

    used = set()
    for template in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r'(?<![\w.])t\("([^"]+)"\)', template.read_text(encoding="utf-8")))
        used |= set(re.findall(r"(?<![\w.])t\('([^']+)'\)", template.read_text(encoding="utf-8")))
    missing = sorted(key for key in used if key not in DUTCH and key not in CODED)
    assert missing == []
    assert sorted(key for key, (dutch, english) in CODED.items() if not dutch or not english) == []


def test_with_many_organisations_the_forms_take_an_id_instead_of_a_list(web, team, place, monkeypatch):
    from api.console import routes

    organization, _ = place
    monkeypatch.setattr(routes, "MAX_CHOICES", 1)
    editor = Browser(web, team.editor_token)
    form = editor.get("/console/services/new", organization_id=organization.id).text
    assert "<select id=\"organization_id\"" not in form and f'value="{organization.id}"' in form
    assert "Stichting Zwaluw. Er zijn te veel organisaties" in text_of(form)
    assert _created_id(editor.post("/console/services/new", service_form(organization.id, name="Via Id")))
    wrong = editor.post("/console/services/new", service_form("not-an-id", name="Zonder Organisatie"))
    assert wrong.status_code == 422 and 'id="organization_id-error"' in wrong.text
