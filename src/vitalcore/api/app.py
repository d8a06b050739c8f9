"""The app factory: the composition root. It wires settings, store, limits and routers
and holds no logic of its own."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from sqlalchemy import Engine

from vitalcore import __version__, privacy, web, workflow
from vitalcore.api.errors import too_deep, validation_error
from vitalcore.api.limits import EdgeMiddleware, TokenBuckets
from vitalcore.api.routers import ROUTERS
from vitalcore.api.settings import ApiSettings


def create_app(
    settings: ApiSettings, *, engine: Engine | None = None, privacy_key: bytes | None = None
) -> FastAPI:
    """A configured app; it opens (and migrates) the store unless given an engine, and
    loads the privacy key (privacy.load_key) unless given one: without a key the service
    could not pseudonymise contacts, so it does not start."""
    key = privacy_key or privacy.load_key()
    store_engine = engine or workflow.open(settings.database_url)
    workflow.check_key(store_engine, key)  # a store written with another key is refused

    @asynccontextmanager
    async def lifespan(app_: FastAPI) -> AsyncIterator[None]:
        warmer = web.start_warmer(app_) if settings.web_warm else None
        yield
        if warmer:
            warmer.stop()
        if engine is None:
            store_engine.dispose()

    # No /docs or /redoc: they load scripts from a CDN, which a mission laptop cannot
    # reach and a strict CSP forbids; the OpenAPI schema is at /openapi.json.
    app = FastAPI(
        title="vitalcore", version=__version__, lifespan=lifespan,
        docs_url=None, redoc_url=None,
        description="Voices in, vital-core threats out. Sign in at /auth/token.",
    )
    app.state.settings = settings
    app.state.engine = store_engine
    app.state.privacy_key = key
    app.state.buckets = TokenBuckets(per_minute=settings.rate_per_minute,
                                     burst=settings.rate_burst)
    app.state.login_buckets = TokenBuckets(per_minute=settings.login_per_minute,
                                           burst=settings.login_per_minute)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(RecursionError, too_deep)
    for router in ROUTERS:
        app.include_router(router)
    web.install(app)  # the dashboard at /, its assets at /static
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                           allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "X-API-Key", "Content-Type"])
    app.add_middleware(EdgeMiddleware, max_body_bytes=settings.max_body_bytes)
    if settings.trusted_proxies:
        # Outermost: the client address and scheme are the proxy's word, and only then.
        from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=list(settings.trusted_proxies))
    return app
