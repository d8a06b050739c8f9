"""A small simulated demo store served over real HTTP, with one user per role.

The store is built once per test session (simulate -> load_scenario -> adjacency,
actions, mandate -> one hostile voice), the way `vitalcore demo` builds its store, and
kept small so the web tests run in well under two minutes.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine
from tests.live_server import served

from vitalcore import store, workflow
from vitalcore.access.roles import Role
from vitalcore.api import ApiSettings, create_app
from vitalcore.domain import Channel, Provenance, Voice, content_key
from vitalcore.privacy import create_key
from vitalcore.workflow import accounts

SECRET = "web-test-secret-" + "y" * 40
PASSWORD = "correct horse battery"
DEMO_VOICES = 1500
HOSTILE_TEXT = '<script>alert("owned")</script> armed men burned the market in Gao'
HOSTILE_ID = content_key("hostile web voice")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_HELP = "install Debian's chromium (apt-get install chromium) to run the browser tests"


@dataclass
class Site:
    url: str
    engine: Engine
    settings: ApiSettings
    users: dict[str, str]  # role -> username
    app: FastAPI


def chromium_path() -> str:
    """Debian's chromium, or a skip (a failure under CI=true)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {CHROMIUM} is missing: {CHROMIUM_HELP}")
        pytest.skip(CHROMIUM_HELP)
    return CHROMIUM


def _demo_store(folder: Path) -> Engine:
    scenario = folder / "scenario"
    workflow.simulate(1, DEMO_VOICES, scenario)
    # One privacy key for the whole store: the store refuses another (review M3).
    key = create_key(folder / "session.key").read_bytes().strip()
    engine = workflow.open(str(folder / "demo.db"))
    workflow.load_scenario(engine, scenario, key=key)
    workflow.import_adjacency(engine, scenario / "adjacency.csv")
    workflow.import_actions(engine, scenario / "actions.csv")
    workflow.import_mandate(engine, scenario / "mandate.txt")
    store.add_voices(engine, [Voice(
        id=HOSTILE_ID, text=HOSTILE_TEXT, channel=Channel.SMS, source="test",
        occurred_at=datetime(2026, 9, 2), area_pcode="ML0701", provenance=Provenance(
            file="test", row=1),
    )])
    workflow.classify_pending(engine)
    return engine


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("web")
    with pytest.MonkeyPatch.context() as patch:
        # Session-scoped: runs before the per-test key of clean_environ exists.
        patch.setenv("VITALCORE_KEY_FILE", str(create_key(folder / "session.key")))
        engine = _demo_store(folder)
        settings = ApiSettings(
            database_url=engine.url.render_as_string(hide_password=False), secret_key=SECRET,
            rate_per_minute=60_000, rate_burst=10_000, login_per_minute=10_000,
        ).checked()
        app = create_app(settings, engine=engine, privacy_key=create_key(
            folder / "session.key").read_bytes().strip())
    users = {}
    for role in Role:
        name = f"{role.value}-user"
        accounts.add_user(engine, username=name, password=PASSWORD, role=role.value,
                          source="field-north" if role is Role.COLLECTOR else None)
        users[role.value] = name
    try:
        with served(app) as url:
            yield Site(url=url, engine=engine, settings=settings, users=users, app=app)
    finally:
        engine.dispose()
        shutil.rmtree(folder, ignore_errors=True)
