"""The FastAPI application: the API router, JSON errors, and security headers."""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from lagebild import __version__
from lagebild.store import Store, StoreError
from lagebild.web.api import router
from lagebild.web.assets import vendor_directory
from lagebild.web.docs import render_reference
from lagebild.web.monitoring import api_router as monitoring_api
from lagebild.web.monitoring import pages_router as monitoring_pages
from lagebild.web.pages import STATIC, error_page
from lagebild.web.pages import router as pages_router
from lagebild.web.stories import api_router as stories_api
from lagebild.web.stories import pages_router as stories_pages
from lagebild.web.write import WriteSettings
from lagebild.web.write import router as write_router

#: Read-only by default: no endpoint writes, so a strict policy costs nothing.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class ErrorDetail(BaseModel):
    status: int
    message: str
    details: Any = None


class ErrorBody(BaseModel):
    """Every 4xx and 5xx body: ``{"error": {"status", "message", "details"}}``."""

    error: ErrorDetail


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error statuses a router answers with (clients and schema
    checkers then know the error body)."""
    return {code: {"model": ErrorBody, "description": HTTPStatus(code).phrase} for code in codes}


def _declare_csv(schema: dict[str, Any]) -> dict[str, Any]:
    """Lists that take ``format`` also answer with CSV: say so in the schema."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if any(p.get("name") == "format" for p in operation.get("parameters", [])):
                content = operation["responses"]["200"].setdefault("content", {})
                content["text/csv"] = {"schema": {"type": "string"}}
    return schema


def _error(status: int, message: str, details: Any = None) -> JSONResponse:
    body: dict[str, Any] = {"status": status, "message": message}
    if details is not None:
        body["details"] = details
    return JSONResponse({"error": body}, status_code=status)


def _is_page(request: Request) -> bool:
    """Requests for dashboard pages get HTML errors; API and files get JSON."""
    path = request.url.path
    return not path.startswith(("/api/", "/static/", "/vendor/", "/assets/", "/openapi"))


def create_app(
    store: Store, *, vendor_dir: Path | None = None, writes: WriteSettings | None = None
) -> FastAPI:
    """The API and the dashboard over ``store``, read-only unless ``writes`` is given (then with
    a token); raises :class:`WebAssetsMissing` when the JavaScript libraries are not installed
    (``vendor_dir`` overrides where to look)."""
    app = FastAPI(
        title="lagebild API",
        version=__version__,
        description="Evidence-linked knowledge graph of German security-policy news.",
        docs_url=None,  # replaced below: the default page loads scripts from a CDN
        redoc_url=None,
    )
    app.state.store = store
    app.state.vendor_directory = vendor_directory(vendor_dir)
    app.include_router(router, responses=_errors(404, 422, 503))
    app.include_router(pages_router)
    app.include_router(monitoring_api, responses=_errors(404, 422, 503))
    app.include_router(monitoring_pages)
    app.include_router(stories_api, responses=_errors(404, 422, 503))
    app.include_router(stories_pages)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    if writes is not None:  # off by default: without it the write paths do not exist (404)
        app.state.writes = writes
        app.include_router(write_router, responses=_errors(401, 403, 409, 413, 422, 503))

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            app.openapi_schema = _declare_csv(schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    @app.get("/docs", include_in_schema=False)
    def reference() -> HTMLResponse:
        return HTMLResponse(render_reference(app.openapi()))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _is_page(request) and exc.status_code == 404:
            return error_page(request, 404, "error.notfound", request.url.path)
        response = _error(exc.status_code, str(exc.detail))
        response.headers.update(exc.headers or {})  # WWW-Authenticate on a 401
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        if _is_page(request):
            names = ", ".join(".".join(str(p) for p in e.get("loc", ())[1:]) for e in exc.errors())
            return error_page(request, 422, "error.input", names)
        details = [
            {"parameter": ".".join(str(p) for p in e.get("loc", ())[1:]), "problem": e.get("msg")}
            for e in exc.errors()
        ]
        return _error(422, "invalid parameters", details)

    @app.exception_handler(StoreError)
    async def store_error(_request: Request, exc: StoreError) -> JSONResponse:
        return _error(503, str(exc))

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app
