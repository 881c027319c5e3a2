"""The public help-finder page and the embeddable widget: static files served by the API."""

import html
from functools import lru_cache
from pathlib import Path

import swagger_ui_bundle
from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse

from api.settings import get_settings

STATIC = Path(__file__).resolve().parent / "static"
SWAGGER_ASSETS = Path(swagger_ui_bundle.swagger_ui_path)
router = APIRouter(include_in_schema=False)


@lru_cache
def _page(name: str, exit_url: str) -> str:
    """A page with the configured quick-exit address filled in."""
    return (STATIC / name).read_text(encoding="utf-8").replace("__EXIT_URL__", html.escape(exit_url, quote=True))


def _html(name: str) -> HTMLResponse:
    """Serve a page from the static folder."""
    return HTMLResponse(_page(name, get_settings().quick_exit_url))


@router.get("/")
def page_nl() -> HTMLResponse:
    """The help-finder page in Dutch."""
    return _html("index.html")


@router.get("/en")
def page_en_redirect() -> RedirectResponse:
    """/en → /en/."""
    return RedirectResponse("/en/", status_code=308)


@router.get("/en/")
def page_en() -> HTMLResponse:
    """The help-finder page in English (same file; the script picks the language from the path)."""
    return _html("index.html")


@router.get("/widget.js")
def widget() -> FileResponse:
    """The embeddable widget: one script tag on a campaign site."""
    return FileResponse(STATIC / "widget.js", media_type="text/javascript; charset=utf-8")


@router.get("/demo/widget")
def widget_demo() -> HTMLResponse:
    """A demo host page that embeds the widget."""
    return _html("demo-widget.html")


@router.get("/docs")
def docs() -> HTMLResponse:
    """API documentation (Swagger UI served from this server, no CDN)."""
    return get_swagger_ui_html(openapi_url="/openapi.json", title="helpfinder API",
                               swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                               swagger_css_url="/docs-assets/swagger-ui.css",
                               swagger_favicon_url="/docs-assets/favicon-32x32.png")
