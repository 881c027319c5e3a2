"""GET /v1/geocode: how a postcode or place is understood (offline, not logged)."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request

from api.db import SessionDep
from api.directory import service as directory
from api.directory.schemas import InterpretedLocation
from api.errors import ERROR_RESPONSES, RATE_LIMITED
from api.ratelimit import limiter
from api.settings import get_settings

router = APIRouter(prefix="/v1", responses=ERROR_RESPONSES)


@router.get("/geocode", response_model=InterpretedLocation, tags=["search"], summary="Interpret a postcode or place",
            responses=RATE_LIMITED,
            description="Resolve a PC4/PC6 postcode, a place name (aliases such as Den Haag, Den Bosch) or `lat,lon` "
                        "with the offline gazetteer, so a site can ask 'did you mean Zwolle?'. Nothing leaves "
                        "the server and nothing is logged. Unknown input gives 422 with a message to show.")
@limiter.limit(lambda: get_settings().geocode_rate_limit)
def geocode(
    request: Request,
    session: SessionDep,
    q: Annotated[str, Query(min_length=2, max_length=100, description="Postcode, place or lat,lon",
                            examples=["8011 AB"])],
    lang: Annotated[Literal["nl", "en"], Query()] = "nl",
) -> InterpretedLocation:
    """Interpret a location query."""
    return directory.geocode(session, query=q, lang=lang)
