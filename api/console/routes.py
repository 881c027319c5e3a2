"""The console's pages and form posts. Routes translate HTTP and forms; the curation use cases decide.

Every post carries the session's form token (CSRF) and is answered with a redirect to the page that shows
its result (post/redirect/get), or with the same form again, typed values kept and problems named next
to their fields, when the write rules refuse it.
"""

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlmodel import Session
from starlette.datastructures import FormData

from api.console import forms, repository, session as console_session, views
from api.console.session import ConsoleUser, User
from api.console.text import translator
from api.curation import auth, locations, organizations, reports, services
from api.curation.auth import ensure_role
from api.curation.history import find_change
from api.curation.schemas import CuratorIn, Resolution, RoleChange
from api.db import SessionDep
from api.errors import AppError, FieldProblem, Forbidden, InvalidBody, NotFound, PreconditionFailed
from api.listings.fields import (
    LocationFields,
    LocationPatch,
    OrganizationFields,
    OrganizationPatch,
    ServiceFields,
    ServicePatch,
)
from api.listings.rules import validated
from api.listings.snapshot import diff
from api.listings.vocabulary import GENDERS
from api.models.curation import ROLES
from api.models.service import CHANNEL_TYPES, PUBLICATION_STATES, SERVICE_STATUSES

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
templates = Jinja2Templates(directory=HERE / "templates")
router = APIRouter(prefix="/console", include_in_schema=False)
STALE_PER_PAGE = 100
MAX_CHOICES = 300  # more organisations than this: no select list (a page would carry them all)
NOTICES = ("signed_out", "saved", "created", "submitted", "approved", "rejected", "archived", "restored", "verified",
           "proposed", "resolved", "role_changed", "token_revoked", "deactivated", "language")


async def posted_form(request: Request) -> FormData:
    """The form of a post (read before the route runs, so routes stay plain functions)."""
    return await request.form()


Form = Annotated[FormData, Depends(posted_form)]


def listing_kind(kind: str) -> str:
    """The `{kind}s` part of a listing's path: service, organization or location; otherwise a 404 page."""
    if kind not in views.VIEWS:
        raise NotFound("not found")
    return kind


Kind = Annotated[str, Depends(listing_kind)]


def language(request: Request) -> str:
    """The interface language: the visitor's choice, Dutch by default."""
    return "en" if request.cookies.get(console_session.LANGUAGE_COOKIE) == "en" else "nl"


def render(request: Request, template: str, *, user: ConsoleUser | None, status: int = 200,
           session: Session | None = None, **context: Any) -> HTMLResponse:
    """A page in the interface language (with `session`, field values are described with labels and names)."""
    lang = language(request)
    notice = request.query_params.get("done")
    return templates.TemplateResponse(request, template, status_code=status, context={
        "user": user, "lang": lang, "t": translator(lang), "csrf": user.csrf if user else "",
        "notice": notice if notice in NOTICES else None, "path": request.url.path,
        "readable": lambda value: views.readable(value, lang=lang),
        "describe": views.describer(session, lang=lang, names=context.get("labels")) if session is not None else None,
        **context})


def see(url: str, done: str | None = None) -> RedirectResponse:
    """Post/redirect/get: show the page with the result."""
    return RedirectResponse(f"{url}{'&' if '?' in url else '?'}done={done}" if done else url, status_code=303)


def safe_next(value: Any, default: str) -> str:
    """A redirect target inside the console only."""
    text = str(value or "")
    return text if text.startswith("/console/") and "//" not in text and "\\" not in text else default


def checked(request: Request, user: ConsoleUser, form: FormData) -> None:
    """CSRF: the session's form token must come back with the post, from this origin."""
    console_session.check_form(request, sent=str(form.get("csrf") or ""), expected=user.csrf)


def problems_of(error: AppError) -> list[FieldProblem]:
    """The field problems of a refusal (a refusal without fields has one general problem)."""
    return error.fields or [FieldProblem(field="", location="body", problem=error.message)]


def _page_number(value: str | None) -> int:
    return int(value) if value and value.isdigit() and 0 < int(value) < 100000 else 1


# ---------------------------------------------------------------- sign-in, language, home

@router.get("/")
def home(request: Request, session: SessionDep) -> HTMLResponse:
    """The dashboard, or the sign-in form."""
    user = console_session.signed_in(session, request)
    if user is None:
        return _sign_in_page(request)
    return render(request, "home.html", user=user, queue=services.review_count(session),
                  stale=services.stale_count(session, older_than_days=180),
                  feedback=reports.open_feedback_count(session))


def _sign_in_page(request: Request, *, error: str | None = None, status: int = 200) -> HTMLResponse:
    nonce = console_session.new_sign_in_nonce()
    response = render(request, "sign_in.html", user=None, status=status, nonce=nonce, error=error)
    response.set_cookie(console_session.SIGN_IN_COOKIE, nonce, max_age=3600, **console_session.cookie_options())
    return response


@router.post("/sign-in")
def sign_in(request: Request, session: SessionDep, form: Form) -> Response:
    """Check the token and start the session; the token is kept only in the HttpOnly cookie."""
    console_session.check_form(request, sent=str(form.get("nonce") or ""),
                               expected=request.cookies.get(console_session.SIGN_IN_COOKIE) or "\0")
    raw = str(form.get("token") or "").strip()
    if not raw or not console_session.authenticated(session, raw_token=raw):
        return _sign_in_page(request, error="invalid", status=401)
    response = see("/console/")
    response.set_cookie(console_session.COOKIE, raw, max_age=console_session.MAX_AGE_S,
                        **console_session.cookie_options())
    response.delete_cookie(console_session.SIGN_IN_COOKIE, **console_session.cookie_options())
    return response


@router.post("/sign-out")
def sign_out(request: Request, user: User, form: Form) -> Response:
    """End the session: the cookie is cleared."""
    checked(request, user, form)
    response = see("/console/", "signed_out")
    response.delete_cookie(console_session.COOKIE, **console_session.cookie_options())
    return response


@router.get("/language/{lang}")
def choose_language(request: Request, lang: str, next: str | None = None) -> Response:
    """Switch the interface language (a cookie), then back to the page."""
    response = see(safe_next(next, "/console/"))
    response.set_cookie(console_session.LANGUAGE_COOKIE, "en" if lang == "en" else "nl", max_age=365 * 86400,
                        **console_session.cookie_options())
    return response


# ---------------------------------------------------------------- lists

LIST_TERMS = ("service_type", "audience", "situation", "gender")


@router.get("/services")
def service_list(request: Request, session: SessionDep, user: User, q: str | None = None, state: str | None = None,
                 service_type: str | None = None, audience: str | None = None, situation: str | None = None,
                 gender: str | None = None, region: str | None = None, age: str | None = None,
                 organization_id: str | None = None, page: str | None = None) -> HTMLResponse:
    """Services in any state, filtered like the public search (terms, region, age) plus their state."""
    names = views.labels(session, lang=language(request))
    number = _page_number(page)
    given = {"service_type": service_type, "audience": audience, "situation": situation, "gender": gender}
    filters = {"q": (q or "").strip(), "state": state if state in PUBLICATION_STATES else "",
               **{name: given[name] or "" for name in LIST_TERMS}, "region": (region or "").strip().upper(),
               "age": age if age and age.isdigit() and int(age) <= 120 else "", "organization_id": organization_id or ""}
    rows, total = repository.find_services(
        session, q=filters["q"] or None, state=filters["state"] or None,
        terms={name: filters[name] for name in LIST_TERMS if filters[name]},
        region=filters["region"] or None, age=int(filters["age"]) if filters["age"] else None,
        organization_id=filters["organization_id"] or None, page=number)
    query = urlencode({k: v for k, v in filters.items() if v})
    return render(request, "services.html", user=user, rows=rows, total=total, page=number, filters=filters,
                  query=query, per_page=repository.PER_PAGE, states=PUBLICATION_STATES, list_terms=LIST_TERMS,
                  choices=views.vocabulary_choices(names), regions=sorted(names["region"].items()),
                  organizations=repository.organization_choices(session, limit=MAX_CHOICES))


@router.get("/organizations")
def organization_list(request: Request, session: SessionDep, user: User, q: str | None = None,
                      state: str | None = None, page: str | None = None) -> HTMLResponse:
    """Organisations, live or archived."""
    number = _page_number(page)
    archived = {"live": False, "archived": True}.get(state or "")
    rows, total = repository.find_organizations(session, q=(q or "").strip() or None, archived=archived, page=number)
    filters = {"q": (q or "").strip(), "state": state if archived is not None else ""}
    return render(request, "organizations.html", user=user, rows=rows, total=total, page=number, filters=filters,
                  query=urlencode({k: v for k, v in filters.items() if v}), per_page=repository.PER_PAGE)


# ---------------------------------------------------------------- new listings (before the detail pages: "new" is no id)

@router.get("/services/new")
def new_service(request: Request, session: SessionDep, user: User, organization_id: str | None = None) -> HTMLResponse:
    """The form for a new draft service."""
    return _form_page(request, session, user, kind="service",
                      values={"organization_id": organization_id or "", "status": "active", "languages": ["nl"]})


@router.get("/organizations/new")
def new_organization(request: Request, session: SessionDep, user: User) -> HTMLResponse:
    """The form for a new organisation."""
    return _form_page(request, session, user, kind="organization", values={})


@router.get("/locations/new")
def new_location(request: Request, session: SessionDep, user: User, organization_id: str | None = None) -> HTMLResponse:
    """The form for a new location of an organisation."""
    return _form_page(request, session, user, kind="location", values={"organization_id": organization_id or ""})


# ---------------------------------------------------------------- detail pages

def _detail(request: Request, session: Session, user: ConsoleUser, *, kind: str, record_id: str,
            error: AppError | None = None) -> HTMLResponse:
    """The page of one listing: fields, parts, pending revision, history and the actions the curator may take."""
    lang = language(request)
    try:
        view = views.editable(session, kind=kind, record_id=record_id)
    except AppError as exc:
        return render(request, "problem.html", user=user, status=exc.status_code, message=exc.message)
    context: dict[str, Any] = {"view": view, "kind": kind, "history": views.history(session, kind=kind, record_id=record_id),
                               "labels": views.labels(session, lang=lang), "error": error}
    if view.pending_revision:
        proposed = view.pending_revision["fields"]
        context["pending_diff"] = diff({key: view.fields.get(key) for key in proposed}, proposed)
    if kind == "organization":
        context["services"] = repository.organization_services(session, organization_id=record_id)
        context["locations"] = repository.organization_locations(session, organization_id=record_id)
    else:
        context["organization"] = views.editable(session, kind="organization",
                                                 record_id=view.fields["organization_id"])
    if kind == "service":
        context["locations"] = repository.locations_by_id(session, view.fields.get("location_ids") or [])
    return render(request, f"{kind}.html", user=user, status=error.status_code if error else 200, session=session,
                  **context)


@router.get("/services/{record_id}")
def service_page(request: Request, session: SessionDep, user: User, record_id: str) -> HTMLResponse:
    """One service."""
    return _detail(request, session, user, kind="service", record_id=record_id)


@router.get("/organizations/{record_id}")
def organization_page(request: Request, session: SessionDep, user: User, record_id: str) -> HTMLResponse:
    """One organisation, with its services and locations."""
    return _detail(request, session, user, kind="organization", record_id=record_id)


@router.get("/locations/{record_id}")
def location_page(request: Request, session: SessionDep, user: User, record_id: str) -> HTMLResponse:
    """One location (its full address, also when confidential: curators only)."""
    return _detail(request, session, user, kind="location", record_id=record_id)


# ---------------------------------------------------------------- edit forms

def _form_page(request: Request, session: Session, user: ConsoleUser, *, kind: str, values: dict[str, Any],
               record_id: str | None = None, version: int | None = None, problems: list[FieldProblem] = (),
               conflict: dict[str, Any] | None = None, status: int = 200) -> HTMLResponse:
    """A create or edit form with its values, problems next to their inputs, and a conflict notice."""
    names = views.labels(session, lang=language(request))
    inputs = {"service": forms.service_inputs(values), "organization": forms.ORGANIZATION_INPUTS,
              "location": forms.LOCATION_INPUTS}[kind]
    errors, general = forms.problems_by_input(list(problems), inputs)
    context: dict[str, Any] = {"kind": kind, "values": values, "record_id": record_id, "version": version,
                               "errors": errors, "general": general, "conflict": conflict,
                               "labels": names, "extra_rows": forms.EXTRA_ROWS,
                               "organizations": repository.organization_choices(session, limit=MAX_CHOICES),
                               "organization_name": repository.organization_name(
                                   session, organization_id=str(values.get("organization_id") or "")),
                               "hours_help": forms.HOURS_HELP}
    if kind == "service":
        context.update(choices=views.vocabulary_choices(names), statuses=SERVICE_STATUSES,
                       channel_types=CHANNEL_TYPES, genders=GENDERS,
                       locations=repository.organization_locations(
                           session, organization_id=str(values.get("organization_id") or "")))
    return render(request, f"{kind}_form.html", user=user, status=status, session=session, **context)


def _conflict(session: Any, *, kind: str, record_id: str, seen: int) -> dict[str, Any]:
    """What someone else changed since the curator opened the form (the version they saw → now)."""
    view = views.editable(session, kind=kind, record_id=record_id)
    now = view.pending_revision["fields"] if view.pending_revision else view.fields
    changes, authors = views.changes_since(session, kind=kind, record_id=record_id, version=seen, now=now)
    return {"seen": seen, "current": view.version, "changes": changes, "by": ", ".join(authors) or None}


@router.get("/{kind}s/{record_id}/edit")
def edit_form(request: Request, session: SessionDep, user: User, kind: Kind, record_id: str) -> HTMLResponse:
    """The edit form, filled with the listing (or its pending revision, which an edit builds on)."""
    try:
        view = views.editable(session, kind=kind, record_id=record_id)
    except AppError as exc:
        return render(request, "problem.html", user=user, status=exc.status_code, message=exc.message)
    fields = view.pending_revision["fields"] if view.pending_revision else view.fields
    values = forms.service_values(fields, lang=language(request)) if kind == "service" else fields
    return _form_page(request, session, user, kind=kind, values=values, record_id=record_id, version=view.version)


PARSERS = {"service": forms.service_form, "organization": forms.organization_form, "location": forms.location_form}
CREATE = {
    "service": (ServiceFields, lambda s, c, f: services.create_service(s, curator=c, fields=f)),
    "organization": (OrganizationFields, lambda s, c, f: organizations.create_organization(s, curator=c, fields=f)),
    "location": (LocationFields, lambda s, c, f: locations.create_location(s, curator=c, fields=f)),
}
UPDATE = {
    "service": (ServicePatch, lambda s, c, i, p, m: services.update_service(
        s, curator=c, service_id=i, patch=p, if_match=m)),
    "organization": (OrganizationPatch, lambda s, c, i, p, m: organizations.update_organization(
        s, curator=c, organization_id=i, patch=p, if_match=m)),
    "location": (LocationPatch, lambda s, c, i, p, m: locations.update_location(
        s, curator=c, location_id=i, patch=p, if_match=m)),
}


def _typed(kind: str, form: FormData) -> dict[str, Any]:
    return forms.typed_service_values(form) if kind == "service" else forms.typed_values(form)


@router.post("/{kind}s/new")
def create(request: Request, session: SessionDep, user: User, kind: Kind, form: Form) -> Response:
    """Create a service (draft), organisation or location; or the form again with its problems."""
    checked(request, user, form)
    parsed = PARSERS[kind](form)
    model, use_case = CREATE[kind]
    view, error = views.attempt(session, lambda: use_case(session, user.curator, _valid(model, parsed.data,
                                                                                         parsed.problems)))
    if error is not None:
        return _form_page(request, session, user, kind=kind, values=_typed(kind, form), problems=problems_of(error),
                          status=error.status_code)
    return see(f"/console/{kind}s/{view.id}", "created")


def _valid(model: Any, data: dict[str, Any], problems: list[FieldProblem]) -> Any:
    """The fields, valid by the write rules; else every problem: the form's own and the write rules' together."""
    try:
        fields = validated(model, data)
    except InvalidBody as exc:
        raise InvalidBody([*problems, *exc.fields]) from exc
    if problems:
        raise InvalidBody(problems)
    return fields


@router.post("/{kind}s/{record_id}/edit")
def update(request: Request, session: SessionDep, user: User, kind: Kind, record_id: str, form: Form) -> Response:
    """Save an edit with the version the curator saw; a conflict shows what changed meanwhile."""
    checked(request, user, form)
    parsed = PARSERS[kind](form)
    model, use_case = UPDATE[kind]
    seen = str(form.get("version") or "")
    data = {k: v for k, v in parsed.data.items() if k in model.model_fields}

    view, error = views.attempt(session, lambda: use_case(session, user.curator, record_id,
                                                          _valid(model, data, parsed.problems), f'"{seen}"'))
    if error is None:
        state = "proposed" if view.pending_revision else "saved"
        return see(f"/console/{kind}s/{record_id}", state)
    if isinstance(error, PreconditionFailed) and seen.isdigit():
        conflict = _conflict(session, kind=kind, record_id=record_id, seen=int(seen))
        return _form_page(request, session, user, kind=kind, values=_typed(kind, form), record_id=record_id,
                          version=error.current_version, conflict=conflict, status=409)
    return _form_page(request, session, user, kind=kind, values=_typed(kind, form), record_id=record_id,
                      version=int(seen) if seen.isdigit() else None, problems=problems_of(error),
                      status=error.status_code)


# ---------------------------------------------------------------- actions

def _decision(form: FormData) -> dict[str, Any]:
    comment = str(form.get("comment") or "").strip() or None
    revision = str(form.get("revision_id") or "").strip() or None
    return {"comment": comment, "revision_id": revision}


def _if_match(form: FormData) -> str:
    return f'"{form.get("version") or ""}"'


# (kind, action) → (the role the API's route requires, the use case); the use cases check the rest.
ACTIONS: dict[tuple[str, str], tuple[str, Any]] = {
    ("service", "submit"): ("editor", lambda s, c, i, f: services.submit_service(s, curator=c, service_id=i)),
    ("service", "approve"): ("reviewer", lambda s, c, i, f: services.approve_service(
        s, curator=c, service_id=i, **_decision(f))),
    ("service", "reject"): ("reviewer", lambda s, c, i, f: services.reject_service(
        s, curator=c, service_id=i, comment=_decision(f)["comment"])),
    ("service", "archive"): ("editor", lambda s, c, i, f: services.archive_service(
        s, curator=c, service_id=i, if_match=_if_match(f))),
    ("service", "restore"): ("editor", lambda s, c, i, f: services.restore_service(s, curator=c, service_id=i)),
    ("service", "verify"): ("editor", lambda s, c, i, f: services.verify_service(s, curator=c, service_id=i)),
    ("organization", "approve"): ("reviewer", lambda s, c, i, f: organizations.approve_organization(
        s, curator=c, organization_id=i, **_decision(f))),
    ("organization", "reject"): ("reviewer", lambda s, c, i, f: organizations.reject_organization(
        s, curator=c, organization_id=i, comment=_decision(f)["comment"])),
    ("organization", "archive"): ("reviewer", lambda s, c, i, f: organizations.archive_organization(
        s, curator=c, organization_id=i, if_match=_if_match(f))),
    ("organization", "restore"): ("reviewer", lambda s, c, i, f: organizations.restore_organization(
        s, curator=c, organization_id=i)),
    ("location", "approve"): ("reviewer", lambda s, c, i, f: locations.approve_location(
        s, curator=c, location_id=i, **_decision(f))),
    ("location", "reject"): ("reviewer", lambda s, c, i, f: locations.reject_location(
        s, curator=c, location_id=i, comment=_decision(f)["comment"])),
    ("location", "archive"): ("reviewer", lambda s, c, i, f: locations.set_location_archived(
        s, curator=c, location_id=i, archived=True, if_match=_if_match(f))),
    ("location", "restore"): ("reviewer", lambda s, c, i, f: locations.set_location_archived(
        s, curator=c, location_id=i, archived=False)),
}
DONE = {"submit": "submitted", "approve": "approved", "reject": "rejected", "archive": "archived",
        "restore": "restored", "verify": "verified"}


@router.post("/{kind}s/{record_id}/history/{change_id}/restore")
def restore_version(request: Request, session: SessionDep, user: User, kind: Kind, record_id: str, change_id: str,
                    form: Form) -> Response:
    """Make a listing equal to an earlier version (a service at once; an organisation or location as an edit,
    which waits for review where the public would notice)."""
    checked(request, user, form)

    def run() -> Any:
        ensure_role(user.curator, "reviewer")
        if kind == "service":
            return services.restore_service_version(session, curator=user.curator, service_id=record_id,
                                                    change_id=change_id)
        change = find_change(session, resource_type=kind, resource_id=record_id, change_id=change_id)
        if change is None:
            raise NotFound(f"change {change_id} not found")
        model, use_case = UPDATE[kind]
        patch = validated(model, {k: v for k, v in change.snapshot.items() if k in model.model_fields})
        return use_case(session, user.curator, record_id, patch, _if_match(form))

    view, error = views.attempt(session, run)
    if error is not None:
        return _detail(request, session, user, kind=kind, record_id=record_id, error=error)
    return see(f"/console/{kind}s/{record_id}", "proposed" if view.pending_revision else "restored")


# ---------------------------------------------------------------- queues

@router.get("/review")
def review_queue(request: Request, session: SessionDep, user: User) -> HTMLResponse:
    """What waits for a reviewer, side by side with what is current."""
    items = services.review_queue(session)
    return render(request, "review.html", user=user, items=items, session=session)


@router.get("/stale")
def stale_queue(request: Request, session: SessionDep, user: User, days: str | None = None,
                page: str | None = None) -> HTMLResponse:
    """Published services not verified for a while, oldest first, a page at a time."""
    older = int(days) if days and days.isdigit() and int(days) <= 3650 else 180
    number = _page_number(page)
    items = services.stale_services(session, older_than_days=older, offset=(number - 1) * STALE_PER_PAGE,
                                    limit=STALE_PER_PAGE)
    return render(request, "stale.html", user=user, items=items, days=older, page=number,
                  total=services.stale_count(session, older_than_days=older), per_page=STALE_PER_PAGE,
                  query=urlencode({"days": older}))


@router.get("/feedback")
def feedback_queue(request: Request, session: SessionDep, user: User, all: str | None = None) -> HTMLResponse:
    """Problem reports from the public."""
    return render(request, "feedback.html", user=user, include_resolved=bool(all),
                  items=reports.feedback_queue(session, include_resolved=bool(all)))


@router.post("/feedback/{feedback_id}/resolve")
def resolve_feedback(request: Request, session: SessionDep, user: User, feedback_id: str, form: Form) -> Response:
    """Mark a report handled, with what was done."""
    checked(request, user, form)
    _, error = views.attempt(session, lambda: reports.resolve_feedback(
        session, curator=user.curator, feedback_id=feedback_id,
        resolution=validated(Resolution, {"resolution": str(form.get("resolution") or "")}).resolution))
    if error is not None:
        return render(request, "feedback.html", user=user, include_resolved=False, error=error, failed=feedback_id,
                      items=reports.feedback_queue(session, include_resolved=False), status=error.status_code)
    return see("/console/feedback", "resolved")


# ---------------------------------------------------------------- curators (admin)

def _curators_page(request: Request, session: Any, user: ConsoleUser, *, error: AppError | None = None,
                   new_token: str | None = None, new_name: str | None = None, status: int = 200) -> HTMLResponse:
    if not user.can("admin"):
        return render(request, "problem.html", user=user, status=403, message="admin")
    return render(request, "curators.html", user=user, curators=auth.curator_accounts(session), roles=ROLES,
                  error=error, new_token=new_token, new_name=new_name, status=status)


@router.get("/curators")
def curators(request: Request, session: SessionDep, user: User) -> HTMLResponse:
    """Curator accounts and their tokens (admins)."""
    return _curators_page(request, session, user)


def _admin_action(request: Request, session: Any, user: ConsoleUser, form: FormData, run: Any,
                  done: str) -> Response:
    checked(request, user, form)

    def guarded() -> Any:
        if not user.can("admin"):
            raise Forbidden("this needs the admin role")
        return run()

    result, error = views.attempt(session, guarded)
    if error is not None:
        return _curators_page(request, session, user, error=error, status=error.status_code)
    if isinstance(result, tuple):  # a new token: shown once, on this response only
        account, token = result
        return _curators_page(request, session, user, new_token=token, new_name=account.name)
    return see("/console/curators", done)


@router.post("/curators")
def add_curator(request: Request, session: SessionDep, user: User, form: Form) -> Response:
    """Add a curator; their first token is shown once."""
    def run() -> Any:
        body = validated(CuratorIn, {"name": str(form.get("name") or ""), "role": str(form.get("role") or "")})
        return auth.add_curator(session, name=body.name, role=body.role)
    return _admin_action(request, session, user, form, run, "created")


@router.post("/curators/{curator_id}/role")
def change_role(request: Request, session: SessionDep, user: User, curator_id: str, form: Form) -> Response:
    """Give a curator another role."""
    def run() -> Any:
        body = validated(RoleChange, {"role": str(form.get("role") or "")})
        return auth.change_role(session, curator_id=curator_id, role=body.role)
    return _admin_action(request, session, user, form, run, "role_changed")


@router.post("/curators/{curator_id}/tokens")
def issue_token(request: Request, session: SessionDep, user: User, curator_id: str, form: Form) -> Response:
    """Another token for a curator, shown once."""
    return _admin_action(request, session, user, form, lambda: auth.issue_token_for(session, curator_id=curator_id),
                         "created")


@router.post("/tokens/{token_id}/revoke")
def revoke_token(request: Request, session: SessionDep, user: User, token_id: str, form: Form) -> Response:
    """Revoke one token."""
    return _admin_action(request, session, user, form, lambda: auth.revoke_token(session, token_id=token_id),
                         "token_revoked")


@router.post("/curators/{curator_id}/deactivate")
def deactivate(request: Request, session: SessionDep, user: User, curator_id: str, form: Form) -> Response:
    """Deactivate a curator and revoke all their tokens."""
    def run() -> Any:
        account = next((c for c in auth.curator_accounts(session) if c.id == curator_id), None)
        if account is None:
            raise NotFound(f"curator {curator_id} not found")
        return auth.revoke_curator(session, name=account.name)
    return _admin_action(request, session, user, form, run, "deactivated")


# ---------------------------------------------------------------- listing actions (last: the pattern matches any
# three-part path, so the fixed paths above come first)

@router.post("/{kind}s/{record_id}/{action}")
def act(request: Request, session: SessionDep, user: User, kind: str, record_id: str, action: str,
        form: Form) -> Response:
    """Submit, approve, reject, archive, restore or verify; the detail page shows why when refused."""
    checked(request, user, form)
    if (kind, action) not in ACTIONS:
        return render(request, "problem.html", user=user, status=404, message="not found")

    def run() -> Any:
        role, use_case = ACTIONS[kind, action]
        ensure_role(user.curator, role)
        return use_case(session, user.curator, record_id, form)

    _, error = views.attempt(session, run)
    if error is not None:
        return _detail(request, session, user, kind=kind, record_id=record_id, error=error)
    return see(safe_next(form.get("next"), f"/console/{kind}s/{record_id}"), DONE[action])
