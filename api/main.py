"""create_app(): routers, error handlers, middleware — nothing else."""

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from slowapi.errors import RateLimitExceeded

from api import background, health
from api.console import install as install_console
from api.coverage import routes as coverage_routes
from api.curation import routes as curation_routes
from api.directory import routes as directory_routes
from api.errors import install_error_handlers
from api.geo import routes as geo_routes
from api.hsds import routes as hsds_routes
from api.web import routes as web_routes
from api.ratelimit import ReadLimitExceeded, limiter, rate_limited, read_limit_exceeded
from api.settings import get_settings
from api.web.headers import NotModified, SecurityAndCachingMiddleware, not_modified

DESCRIPTION = """
Referral directory for boys and men facing sexual exploitation in the Netherlands:
where can this person get help, near him, suited to his age, discreetly.

Data follows Open Referral HSDS 3.0 names. Errors always have the shape
`{"error": {"status", "code", "message", "fields": [{"field", "location", "problem"}]}}`.
No request data (IP addresses, postcodes, search terms) is logged.

Curators can also work in the browser: the curator console at `/console/` (server-rendered pages on the
same rules as the curation endpoints below; not part of this API description).
"""


def _add_cors(app: FastAPI) -> None:
    """Browser access from configured campaign sites; "*" only for GET requests."""
    origins = get_settings().cors_origins
    if not origins:
        return
    if "*" in origins:
        app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET"],
                           allow_headers=["If-None-Match"], expose_headers=["ETag"], max_age=600)
        return
    app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST", "PATCH", "DELETE"],
                       allow_headers=["Authorization", "Content-Type", "If-Match", "If-None-Match"],
                       expose_headers=["ETag", "Retry-After"], max_age=600)


def create_app() -> FastAPI:
    """Build the application."""
    app = FastAPI(title="helpfinder", version="0.1.0", description=DESCRIPTION, docs_url=None, redoc_url=None,
                  lifespan=background.lifespan)
    install_error_handlers(app)
    app.add_middleware(SecurityAndCachingMiddleware)
    _add_cors(app)
    app.state.limiter = limiter
    app.add_exception_handler(RateLimitExceeded, rate_limited)  # type: ignore[arg-type]
    app.add_exception_handler(ReadLimitExceeded, read_limit_exceeded)  # type: ignore[arg-type]
    app.add_exception_handler(NotModified, not_modified)  # type: ignore[arg-type]
    app.include_router(health.router)
    app.include_router(directory_routes.router)
    app.include_router(geo_routes.router)
    app.include_router(curation_routes.public_router)
    app.include_router(curation_routes.router)
    app.include_router(coverage_routes.router)
    app.include_router(hsds_routes.router)
    app.include_router(web_routes.router)
    install_console(app)
    app.mount("/static", StaticFiles(directory=web_routes.STATIC), name="static")
    app.mount("/docs-assets", StaticFiles(directory=web_routes.SWAGGER_ASSETS), name="docs-assets")
    return app


app = create_app()
