"""create_app(): routers, error handlers, middleware — nothing else."""

from fastapi import FastAPI
from slowapi.errors import RateLimitExceeded

from api import health
from api.curation import routes as curation_routes
from api.directory import routes as directory_routes
from api.errors import install_error_handlers
from api.geo import routes as geo_routes
from api.ratelimit import limiter, rate_limited

DESCRIPTION = """
Referral directory for boys and men facing sexual exploitation in the Netherlands:
where can this person get help, near him, suited to his age, discreetly.

Data follows Open Referral HSDS 3.0 names. Errors always have the shape
`{"error": {"status", "code", "message", "fields": [{"field", "location", "problem"}]}}`.
No request data (IP addresses, postcodes, search terms) is logged.
"""


def create_app() -> FastAPI:
    """Build the application."""
    app = FastAPI(title="helpfinder", version="0.1.0", description=DESCRIPTION)
    install_error_handlers(app)
    app.state.limiter = limiter
    app.add_exception_handler(RateLimitExceeded, rate_limited)  # type: ignore[arg-type]
    app.include_router(health.router)
    app.include_router(directory_routes.router)
    app.include_router(geo_routes.router)
    app.include_router(curation_routes.public_router)
    app.include_router(curation_routes.router)
    return app


app = create_app()
