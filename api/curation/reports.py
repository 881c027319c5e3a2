"""History, public feedback and aggregate search statistics for curators."""

from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from api import stats
from api.curation.history import history_of
from api.curation.schemas import DayStats, FeedbackIn, FeedbackOut, HistoryEntry
from api.errors import (
    Conflict,
    NotFound,
)
from api.models import (
    Curator,
    Feedback,
    Location,
    Organization,
    Service,
    utcnow,
)
from api.listings.visibility import publicly_listed


def history(session: Session, *, resource_type: str, resource_id: str) -> list[HistoryEntry]:
    """The recorded changes of a listing (404 if it does not exist)."""
    model = {"service": Service, "organization": Organization, "location": Location}[resource_type]
    if session.get(model, resource_id) is None:
        raise NotFound(f"{resource_type} {resource_id} not found")
    return history_of(session, resource_type=resource_type, resource_id=resource_id)


def leave_feedback(session: Session, *, service_id: str, feedback: FeedbackIn) -> None:
    """Store a public problem report about a public service (nothing about the sender)."""
    exists = session.exec(select(Service.id).where(Service.id == service_id, publicly_listed())).first()
    if exists is None:
        raise NotFound(f"service {service_id} not found")
    session.add(Feedback(service_id=service_id, reason=feedback.reason, message=feedback.message or None))


def open_feedback_count(session: Session) -> int:
    """How many problem reports wait to be handled."""
    return session.exec(select(func.count()).select_from(Feedback).where(Feedback.resolved_at.is_(None))).one()


def feedback_queue(session: Session, *, include_resolved: bool) -> list[FeedbackOut]:
    """Feedback for curators, newest first."""
    statement = select(Feedback, Service.name).join(Service, Service.id == Feedback.service_id)
    if not include_resolved:
        statement = statement.where(Feedback.resolved_at.is_(None))
    rows = session.exec(statement.order_by(Feedback.created_at.desc(), Feedback.id)).all()
    return [FeedbackOut(id=f.id, service_id=f.service_id, service_name=name, reason=f.reason, message=f.message,
                        created_at=f.created_at, resolved_at=f.resolved_at, resolution=f.resolution)
            for f, name in rows]


def resolve_feedback(session: Session, *, curator: Curator, feedback_id: str, resolution: str) -> FeedbackOut:
    """Mark feedback as handled."""
    feedback = session.get(Feedback, feedback_id)
    if feedback is None:
        raise NotFound(f"feedback {feedback_id} not found")
    if feedback.resolved_at is not None:
        raise Conflict("already resolved")
    feedback.resolved_at, feedback.resolved_by, feedback.resolution = utcnow(), curator.id, resolution
    service = session.get(Service, feedback.service_id)
    return FeedbackOut(id=feedback.id, service_id=feedback.service_id, service_name=service.name if service else None,
                       reason=feedback.reason, message=feedback.message, created_at=feedback.created_at,
                       resolved_at=feedback.resolved_at, resolution=feedback.resolution)




def search_stats(session: Session, *, days: int) -> list[DayStats]:
    """Daily aggregate search counts, newest first (this process's pending counts included)."""
    by_day: dict[date, DayStats] = {}
    for row in stats.read(session, days=days):
        day = by_day.setdefault(row.day, DayStats(day=row.day))
        if row.metric == "searches":
            day.searches = row.count
        elif row.metric == "zero_results":
            day.zero_results = row.count
        elif row.metric == "service_type":
            day.service_types[row.key] = row.count
        elif row.metric == "province":
            day.provinces[row.key] = row.count
    return sorted(by_day.values(), key=lambda d: d.day, reverse=True)
