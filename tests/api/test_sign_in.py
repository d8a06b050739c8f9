"""Security review M1, L4: sign-in is throttled on the dashboard too, per client and per
username; forwarded headers count only from configured proxies; behind the TLS proxy
the session cookie is Secure. Real HTTP against a running service."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import httpx
from sqlalchemy import Engine

from tests.live_server import served
from vitalcore.api import create_app
from vitalcore.api.settings import ApiSettings
from vitalcore.workflow import accounts

from .conftest import new_privacy_key

PASSWORD = "a long enough password 2"


@contextmanager
def _service(engine: Engine, settings: ApiSettings, **changes: object) -> Iterator[str]:
    for name in ("amina", "bakary", "chaka", "dede"):
        accounts.add_user(engine, username=name, password=PASSWORD, role="analyst")
    app = create_app(replace(settings, login_per_minute=3, web_warm=False, **changes).checked(),
                     engine=engine, privacy_key=new_privacy_key())
    with served(app) as url:
        yield url


def _login(client: httpx.Client, user: str, password: str = "wrong password!!",
           **headers: str) -> httpx.Response:
    return client.post("/login", data={"username": user, "password": password, "next": "/"},
                       headers=headers, follow_redirects=False)


def test_dashboard_login_is_throttled(engine: Engine, settings: ApiSettings) -> None:
    with _service(engine, settings) as url, httpx.Client(base_url=url) as client:
        codes = [_login(client, "amina").status_code for _ in range(4)]
        assert codes == [401, 401, 401, 429]
        # Another name from the same address: the address's bucket is empty too.
        assert _login(client, "bakary").status_code == 429
        token = client.post("/auth/token", json={"username": "amina", "password": PASSWORD})
        assert token.status_code == 429  # one throttle for both doors


def test_forwarded_headers_are_ignored_without_a_trusted_proxy(
        engine: Engine, settings: ApiSettings) -> None:
    with _service(engine, settings) as url, httpx.Client(base_url=url) as client:
        signed = _login(client, "amina", PASSWORD, **{"x-forwarded-proto": "https"})
        assert signed.status_code == 303, signed.text
        assert "secure" not in signed.headers["set-cookie"].lower()  # plain http, in truth
        codes = [_login(client, name, **{"x-forwarded-for": f"203.0.113.{i}"}).status_code
                 for i, name in enumerate(["bakary", "chaka", "dede"])]
    assert codes == [401, 401, 429]  # a forged address does not buy a new bucket


def test_behind_a_trusted_proxy_each_client_has_its_bucket_and_the_cookie_is_secure(
        engine: Engine, settings: ApiSettings) -> None:
    with _service(engine, settings, trusted_proxies=("127.0.0.1",)) as url, \
            httpx.Client(base_url=url) as client:
        first = [_login(client, "amina", **{"x-forwarded-for": "203.0.113.7"}).status_code
                 for _ in range(4)]
        assert first == [401, 401, 401, 429]
        other = _login(client, "bakary", **{"x-forwarded-for": "198.51.100.9"})
        assert other.status_code == 401  # its own bucket, not the proxy's shared one
        signed = _login(client, "chaka", PASSWORD, **{"x-forwarded-for": "198.51.100.10",
                                                      "x-forwarded-proto": "https"})
    assert signed.status_code == 303, signed.text
    cookie = signed.headers["set-cookie"].lower()
    assert "vitalcore_session=" in cookie and "secure" in cookie and "httponly" in cookie


def test_the_cookie_can_be_forced_secure(engine: Engine, settings: ApiSettings) -> None:
    with _service(engine, settings, cookie_secure=True) as url, \
            httpx.Client(base_url=url) as client:
        signed = _login(client, "amina", PASSWORD)
    assert signed.status_code == 303
    assert "secure" in signed.headers["set-cookie"].lower()
