"""What curators send and receive besides listing fields (api.listings.fields): decisions, curators,
tokens, feedback, queues and history. Strict: unknown fields are refused, every bad field is named."""

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field, StringConstraints

from api.listings.fields import Strict
from api.models.curation import FEEDBACK_REASONS, ROLES


class Decision(Strict):
    """A reviewer's comment on approve or reject, and optionally which revision they reviewed."""

    comment: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] | None = None
    revision_id: UUID | None = Field(None, description="The pending revision you reviewed (from the queue); "
                                                       "if it has been replaced since, you get 409")


class CuratorIn(Strict):
    """A new curator."""

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=120)]
    role: Literal[ROLES]  # type: ignore[valid-type]


class RoleChange(Strict):
    """A curator's new role."""

    role: Literal[ROLES]  # type: ignore[valid-type]


class CuratorOut(BaseModel):
    """A curator (never with token hashes)."""

    id: str
    name: str
    role: str
    active: bool
    created_at: datetime
    tokens: list["TokenOut"] = []


class TokenOut(BaseModel):
    """A token's metadata; the secret itself is never shown again."""

    id: str
    label: str | None
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class NewToken(BaseModel):
    """A freshly issued token: shown once, store it safely."""

    curator: CuratorOut
    token: str = Field(description="Shown only now; only a hash is stored")


class FeedbackIn(Strict):
    """A problem report about a listing. Please do not include names or contact details."""

    reason: Literal[FEEDBACK_REASONS]  # type: ignore[valid-type]
    message: Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)] | None = Field(
        None, description="What is wrong (no personal details, please)")


class FeedbackOut(BaseModel):
    """A feedback item in the curators' queue."""

    id: str
    service_id: str
    service_name: str | None = None
    reason: str
    message: str | None
    created_at: datetime
    resolved_at: datetime | None
    resolution: str | None


class FeedbackAck(BaseModel):
    """Answer to the public: thanks, nothing about who sent it."""

    received: bool = True
    message: str = "Thank you. A curator will check this listing."


class Resolution(Strict):
    """How a feedback item was handled."""

    resolution: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]


class EditableView(BaseModel):
    """A curator's view of a listing: every field (confidential addresses included), version and state."""

    id: str
    kind: str
    version: int
    state: str
    fields: dict[str, Any]
    pending_revision: dict[str, Any] | None = None
    assured_date: date | None = None
    assurer: str | None = None
    archived: bool = False


class HistoryEntry(BaseModel):
    """One recorded change."""

    id: str
    action: str
    version: int
    at: datetime
    curator: str | None
    comment: str | None
    diff: dict[str, Any]
    snapshot: dict[str, Any]
    metadata: list[dict[str, Any]] = Field(description="The same change as HSDS `metadata` rows")


class QueueItem(BaseModel):
    """Something waiting for a reviewer, with what would change."""

    service_id: str | None = Field(description="The service, for a new listing or a service revision")
    resource_type: Literal["service", "organization", "location"] = "service"
    resource_id: str | None = Field(None, description="The service, organisation or location the item changes")
    name: str
    kind: Literal["new_listing", "revision"]
    revision_id: str | None = None
    proposed_by: str | None
    proposed_at: datetime
    diff: dict[str, Any]


class StaleItem(BaseModel):
    """A published service that needs checking."""

    id: str
    name: str
    organization: str
    assured_date: date | None
    assurer: str | None
    days_since_verified: int | None


CuratorOut.model_rebuild()


class DayStats(BaseModel):
    """Aggregate search counts of one day (no queries, postcodes or IP addresses)."""

    day: date
    searches: int = 0
    zero_results: int = 0
    service_types: dict[str, int] = {}
    provinces: dict[str, int] = {}
