"""GET /health: the process is up and the database answers with a migrated schema."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.db import SessionDep, schema_revision
from api.directory.schemas import Health

router = APIRouter()


@router.get("/health", response_model=Health, tags=["health"], summary="Liveness and database check",
            responses={503: {"model": Health, "description": "Database unreachable or not migrated"}})
def health(session: SessionDep) -> JSONResponse:
    """Report ok when the migrated schema can be read, 503 otherwise."""
    try:
        schema_revision(session)
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        session.rollback()
        return JSONResponse(status_code=503, content=Health(status="degraded", database="unavailable").model_dump())
    return JSONResponse(content=Health(status="ok", database="ok").model_dump())
