"""GET /health: the process is up and the database answers with a migrated schema."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.db import SessionDep, schema_revision
from api.directory.schemas import Health
from api.errors import ERROR_RESPONSES, database_unavailable

router = APIRouter()


@router.get("/health", response_model=Health, tags=["health"], summary="Liveness and database check",
            responses={503: ERROR_RESPONSES[503]})
def health(session: SessionDep) -> JSONResponse:
    """Report ok when the migrated schema can be read; otherwise 503 in the error shape, with Retry-After."""
    try:
        schema_revision(session)
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        session.rollback()
        return database_unavailable()
    return JSONResponse(content=Health(status="ok", database="ok").model_dump())
