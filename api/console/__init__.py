"""The curator console: server-rendered pages at /console on the curation use cases and their rules."""

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.requests import Request
from starlette.responses import Response

from api.errors import AppError


def install(app: FastAPI) -> None:
    """Mount the console: its pages, its stylesheet, and HTML answers for its refusals."""
    from api.console import routes
    from api.console.session import CsrfRefused, SignInRequired

    app.mount("/console/static", StaticFiles(directory=routes.STATIC), name="console-static")
    app.include_router(routes.router)
    api_error_handler = app.exception_handlers[AppError]

    async def sign_in_first(request: Request, _exc: SignInRequired) -> Response:
        return routes.see("/console/")

    async def refused(request: Request, exc: CsrfRefused) -> Response:
        return routes.render(request, "refused.html", user=None, status=exc.status_code)

    async def app_error(request: Request, exc: AppError) -> Response:
        if request.url.path.startswith("/console/"):
            return routes.render(request, "problem.html", user=None, status=exc.status_code, message=exc.message)
        return await api_error_handler(request, exc)

    app.add_exception_handler(SignInRequired, sign_in_first)  # type: ignore[arg-type]
    app.add_exception_handler(CsrfRefused, refused)  # type: ignore[arg-type]
    app.add_exception_handler(AppError, app_error)  # type: ignore[arg-type]
