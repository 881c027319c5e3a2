"""GET /health: the process is up and the database answers."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from api.db import get_engine
from api.directory.schemas import Health

router = APIRouter()


@router.get("/health", response_model=Health, tags=["health"], summary="Liveness and database check",
            responses={503: {"model": Health, "description": "Database unreachable"}})
def health() -> JSONResponse:
    """Report ok when a trivial query succeeds, 503 otherwise."""
    try:
        with get_engine().connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return JSONResponse(status_code=503, content=Health(status="degraded", database="unreachable").model_dump())
    return JSONResponse(content=Health(status="ok", database="ok").model_dump())
