"""/docs and /redoc from files installed with the package, so they work on a station network without internet.

FastAPI's own pages load Swagger UI and ReDoc from a CDN; the fastapi-offline wheel ships the same files.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/docs-assets"
# The browser itself refuses anything from elsewhere (ReDoc's sidebar asks a CDN for Redocly's logo).
ONLY_HERE = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
             "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:")


def install(app: FastAPI) -> None:
    """Serve /docs and /redoc with their scripts, styles and icon under ASSETS (the app has docs_url=None)."""
    folder = Path(str(resources.files("fastapi_offline").joinpath("static")))
    app.mount(ASSETS, StaticFiles(directory=folder), name="docs-assets")
    openapi = app.openapi_url or "/openapi.json"

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        page = get_swagger_ui_html(openapi_url=openapi, title=f"{app.title} – API",
                                   swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{ASSETS}/swagger-ui.css",
                                   swagger_favicon_url=f"{ASSETS}/favicon.png")
        page.headers["Content-Security-Policy"] = ONLY_HERE
        return page

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        page = get_redoc_html(openapi_url=openapi, title=f"{app.title} – API",
                              redoc_js_url=f"{ASSETS}/redoc.standalone.js",
                              redoc_favicon_url=f"{ASSETS}/favicon.png", with_google_fonts=False)
        page.headers["Content-Security-Policy"] = ONLY_HERE
        return page
