"""One error shape for the whole API, and the handlers that produce it.

Every error body is ``{"error": {"status", "code", "message", "fields"}}`` where
``fields`` lists ``{"field", "location", "problem"}`` for each bad input.
"""

import logging
import re
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import exc as sa_exc
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.text import has_control_character

logger = logging.getLogger("helpfinder.errors")
# FastAPI's 400 detail for a request body it cannot decode at all (not UTF-8); answered as a 422 like any bad body.
UNPARSEABLE_BODY = "There was an error parsing the body"


class FieldProblem(BaseModel):
    """One bad input: which field, where it came from, what is wrong."""

    field: str
    location: str
    problem: str


class ErrorBody(BaseModel):
    """The content of every error response."""

    status: int
    code: str
    message: str
    fields: list[FieldProblem] = []
    current_version: int | None = Field(None, description="On 412: the resource's current version (ETag)")


class ErrorResponse(BaseModel):
    """The envelope of every error response."""

    error: ErrorBody


class AppError(Exception):
    """Base of the errors the service layer raises on purpose."""

    status_code = 400
    code = "bad_request"

    def __init__(self, message: str, *, fields: list[FieldProblem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or []


class NotFound(AppError):
    """The requested resource does not exist (or is not public)."""

    status_code = 404
    code = "not_found"


class Unauthorized(AppError):
    """No valid bearer token."""

    status_code = 401
    code = "unauthorized"


class Forbidden(AppError):
    """The curator's role does not allow this."""

    status_code = 403
    code = "forbidden"


class Conflict(AppError):
    """The request clashes with the resource's state."""

    status_code = 409
    code = "conflict"


class PreconditionFailed(AppError):
    """If-Match names an old version: someone else changed it first."""

    status_code = 412
    code = "version_conflict"

    def __init__(self, message: str, *, current_version: int) -> None:
        super().__init__(message)
        self.current_version = current_version


class PreconditionRequired(AppError):
    """A change needs If-Match so nobody overwrites an edit they have not seen."""

    status_code = 428
    code = "if_match_required"


class InvalidBody(AppError):
    """One or more fields of a request body are wrong; names each of them."""

    status_code = 422
    code = "invalid_parameter"

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__("; ".join(f"{p.field}: {p.problem}" for p in problems), fields=problems)


class InvalidParameter(AppError):
    """A parameter is well-formed but names something that does not exist."""

    status_code = 422
    code = "invalid_parameter"

    def __init__(self, *, field: str, problem: str, location: str = "query") -> None:
        super().__init__(
            f"{field}: {problem}",
            fields=[FieldProblem(field=field, location=location, problem=problem)],
        )


ERROR_RESPONSES: dict[int | str, dict] = {
    404: {"model": ErrorResponse, "description": "Not found"},
    422: {"model": ErrorResponse, "description": "A parameter is missing, malformed or unknown"},
    503: {"model": ErrorResponse, "description": "The database is busy or out of reach; retry after Retry-After "
                                                 "seconds (nothing was changed)"},
}
# Every operation with a rate limit documents its 429.
RATE_LIMITED: dict[int | str, dict] = {
    429: {"model": ErrorResponse, "description": "Too many requests from this client; Retry-After says in how many "
                                                 "seconds the next one is allowed"},
}
CURATION_RESPONSES: dict[int | str, dict] = {
    **ERROR_RESPONSES,
    401: {"model": ErrorResponse, "description": "Missing or invalid bearer token"},
    403: {"model": ErrorResponse, "description": "Your role does not allow this"},
}
EDIT_RESPONSES: dict[int | str, dict] = {
    **CURATION_RESPONSES,
    409: {"model": ErrorResponse, "description": "Not possible in the listing's current state"},
    412: {"model": ErrorResponse, "description": "If-Match is stale; current_version says the newest"},
    428: {"model": ErrorResponse, "description": "If-Match header missing"},
}


# Errors that mean the database cannot be reached or is busy (locked, timed out, connection lost):
# a retry may succeed, so they answer 503 with Retry-After (seconds).
DATABASE_UNAVAILABLE = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.DisconnectionError,
                        sa_exc.TimeoutError)
RETRY_AFTER = 2


def error_json(
    *, status: int, code: str, message: str, fields: list[FieldProblem] | None = None,
    current_version: int | None = None, headers: dict[str, str] | None = None,
) -> JSONResponse:
    """Build a response in the one error shape."""
    body = ErrorResponse(error=ErrorBody(status=status, code=code, message=message, fields=fields or [],
                                         current_version=current_version))
    content = body.model_dump()
    if current_version is None:
        del content["error"]["current_version"]
    return JSONResponse(status_code=status, content=content, headers=headers)


def database_unavailable() -> JSONResponse:
    """503 with Retry-After: the database is busy or out of reach (a retry may succeed)."""
    return error_json(status=503, code="database_unavailable", headers={"Retry-After": str(RETRY_AFTER)},
                      message="The directory is busy or out of reach; nothing was changed. Try again shortly.")


def readable(message: str) -> str:
    """Pydantic's message without its "Value error, " prefix."""
    return message.removeprefix("Value error, ")


def _validation_problems(exc: RequestValidationError) -> list[FieldProblem]:
    """Translate pydantic's error list into field problems, without echoing the input."""
    problems = []
    for err in exc.errors():
        raw = list(err.get("loc", ()))
        location = str(raw[0]) if raw else "request"
        if err.get("type") == "json_invalid":  # its location is a character position, not a field
            position = raw[1] if len(raw) > 1 else None
            problems.append(FieldProblem(field="body", location="body", problem="not valid JSON"
                                         + (f" (at character {position})" if position is not None else "")))
            continue
        # A repeated query parameter is named once ("channel"), not per position ("channel.0").
        loc = [str(part) for part in raw if not (location == "query" and isinstance(part, int))]
        field = ".".join(loc[1:]) or location
        problems.append(FieldProblem(field=field, location=location, problem=readable(str(err.get("msg", "invalid")))))
    return problems


class HandleEveryError:
    """Innermost middleware: an exception no handler took becomes the one 500 shape here.

    Starlette answers an unhandled exception itself but then re-raises it to the server, which
    prints the traceback, and a traceback can carry request data. Here it is fully handled: the
    type alone is logged, and the 500 passes through the CORS and security-header middleware.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, send_tracked)
        except Exception as exc:  # noqa: BLE001 - every exception ends here, as a 500
            logger.error("unhandled %s", type(exc).__name__)
            if not started:  # once a response has begun, closing the connection is all that is left
                response = error_json(status=500, code="internal_error", message="Something went wrong on our side.")
                await response(scope, receive, send)


# A query string can only carry a control character as a percent escape (%00-%1F, %7F) or a raw byte.
_MAY_HOLD_CONTROL = re.compile(rb"%(?:[01][0-9A-Fa-f]|7[Ff])|[\x00-\x1f\x7f]")


class RefuseControlCharacters:
    """A query parameter holding a control character (NUL and the like) is refused with a 422 naming it.

    One check for every parameter of every endpoint, before any of them reaches a database
    (PostgreSQL refuses NUL in text) or a log.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        query = scope.get("query_string", b"") if scope["type"] == "http" else b""
        if _MAY_HOLD_CONTROL.search(query):  # most requests hold no escape that could decode to one: no parsing
            for name, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
                if has_control_character(value) or has_control_character(name):
                    field = "query" if has_control_character(name) else name
                    problem = FieldProblem(field=field, location="query", problem="must not contain control characters")
                    response = error_json(status=422, code="invalid_parameter", message=f"{field}: {problem.problem}",
                                          fields=[problem])
                    await response(scope, receive, send)
                    return
        await self.app(scope, receive, send)


def install_error_handlers(app: FastAPI) -> None:
    """Route every error through the one shape; nothing leaks as a bare 500 or as a traceback in a log."""

    app.add_middleware(HandleEveryError)  # added first: innermost, inside CORS and the security headers
    app.add_middleware(RefuseControlCharacters)

    @app.exception_handler(AppError)
    async def _app_error(_request: Request, exc: AppError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, Unauthorized) else None
        if isinstance(exc, PreconditionFailed):
            headers = {"ETag": f'"{exc.current_version}"'}
        return error_json(status=exc.status_code, code=exc.code, message=exc.message, fields=exc.fields,
                          current_version=getattr(exc, "current_version", None), headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = _validation_problems(exc)
        message = "; ".join(f"{p.field}: {p.problem}" for p in problems) or "invalid request"
        return error_json(status=422, code="invalid_parameter", message=message, fields=problems)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and exc.detail == UNPARSEABLE_BODY:  # FastAPI's answer to a body that is not UTF-8
            problem = FieldProblem(field="body", location="body", problem="not valid UTF-8 JSON")
            return error_json(status=422, code="invalid_body", message="body: not valid UTF-8 JSON", fields=[problem])
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        response = error_json(status=exc.status_code, code=code, message=str(exc.detail))
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    @app.exception_handler(sa_exc.SQLAlchemyError)
    async def _database(_request: Request, exc: sa_exc.SQLAlchemyError) -> JSONResponse:
        # Handled inside the middleware stack, so CORS and security headers are set. The type
        # only is logged: a statement's parameters can hold request data or a shelter's position.
        logger.error("database error %s", type(exc).__name__)
        if isinstance(exc, DATABASE_UNAVAILABLE):
            return database_unavailable()
        return error_json(status=500, code="internal_error", message="Something went wrong on our side.")

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        # Log the type only: request data (a postcode, a query) must not reach the logs.
        logger.error("unhandled %s", type(exc).__name__)
        return error_json(status=500, code="internal_error", message="Something went wrong on our side.")
