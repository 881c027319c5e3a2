"""GET /v1/curation/coverage (placeholder until the report lands)."""

from fastapi import APIRouter

router = APIRouter(prefix="/v1")
