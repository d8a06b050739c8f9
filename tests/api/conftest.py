"""A live vitalcore service per test: uvicorn in a thread on a free loopback port, over
the real store of the `engine` fixture (SQLite file and PostgreSQL), one API key per role.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest
from sqlalchemy import Engine

from tests.live_server import served
from vitalcore.access.roles import Role
from vitalcore.api import ApiSettings, create_app
from vitalcore.workflow import accounts

SECRET = "test-secret-" + "x" * 40
SOURCE = "field-north"


@dataclass
class Service:
    """A running service and credentials for each role."""

    url: str
    engine: Engine
    settings: ApiSettings
    privacy_key: bytes
    keys: dict[str, str] = field(default_factory=dict)

    def client(self, role: str | None = None, **headers: str) -> httpx.Client:
        """A client signed in with the API key of `role` (None: not signed in)."""
        if role is not None:
            headers["X-API-Key"] = self.keys[role]
        return httpx.Client(base_url=self.url, headers=headers, timeout=30)


def new_privacy_key() -> bytes:
    return base64.urlsafe_b64encode(os.urandom(32))


@pytest.fixture
def settings(engine: Engine) -> ApiSettings:
    return ApiSettings(
        database_url=engine.url.render_as_string(hide_password=False),
        secret_key=SECRET, rate_per_minute=60_000, rate_burst=10_000, max_batch=50,
        login_per_minute=10_000,
        max_body_bytes=200_000,
    ).checked()


@pytest.fixture
def service(engine: Engine, settings: ApiSettings) -> Iterator[Service]:
    """The app served over real HTTP on 127.0.0.1 until the test ends."""
    key = new_privacy_key()
    app = create_app(settings, engine=engine, privacy_key=key)
    with served(app) as url:
        live = Service(url=url, engine=engine, settings=settings, privacy_key=key)
        for role in Role:
            source = SOURCE if role is Role.COLLECTOR else None
            _, api_key = accounts.create_api_key(
                engine, secret_key=SECRET, name=f"test-{role}", role=role.value, source=source)
            live.keys[role.value] = api_key
        yield live
