"""Every command `vitalcore demo` prints under "Where to look next" works as printed.

The demo runs once, as the README's user runs it: the installed `vitalcore` script, in an
empty folder, with no VITALCORE_* variable and a HOME of its own (no privacy key there).
Then each printed command runs the same way. `serve` runs until it answers: the
credentials it prints sign in as an analyst.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from tests.live_server import free_port
from vitalcore.cli import app

VITALCORE = str(Path(sys.executable).parent / "vitalcore")


def _environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("VITALCORE_") and k != "XDG_CONFIG_HOME"}
    env["HOME"] = str(home)
    env["COLUMNS"] = "100"
    return env


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict, list[str]]]:
    """(folder, environment, the printed commands) after one `vitalcore demo`."""
    folder = tmp_path_factory.mktemp("fresh-user")
    env = _environment(tmp_path_factory.mktemp("home"))
    done = subprocess.run([VITALCORE, "demo"], cwd=folder, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    steps = done.stdout.split("Where to look next", 1)[1].splitlines()
    # A step is the command, then three or more spaces, then what it shows.
    commands = [re.split(r"\s{3,}", line.strip())[0] for line in steps
                if line.strip().startswith("vitalcore ")]
    yield folder, env, commands


def _printed(commands: list[str], name: str) -> list[str]:
    found = [c for c in commands if shlex.split(c)[1] == name]
    assert len(found) == 1, commands
    return shlex.split(found[0])


def test_the_demo_prints_serve_briefing_rank_gap_and_evaluate(demo) -> None:  # noqa: ANN001
    _, _, commands = demo
    assert [shlex.split(c)[1] for c in commands] == [
        "serve", "briefing", "rank", "mandate", "evaluate-scenario"]


@pytest.mark.parametrize("name", ["briefing", "rank", "mandate", "evaluate-scenario"])
def test_each_printed_command_works_as_printed(demo, name: str) -> None:  # noqa: ANN001
    folder, env, commands = demo
    argv = _printed(commands, name)
    done = subprocess.run([VITALCORE, *argv[1:]], cwd=folder, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    if name == "briefing":  # the default --out, marked synthetic like its store
        page = (folder / "vitalcore-briefing.html").read_text(encoding="utf-8")
        assert "synthetic" in page.lower()


def test_serve_as_printed_signs_in_the_demo_analyst(demo) -> None:  # noqa: ANN001
    folder, env, commands = demo
    port = free_port()  # the printed command, on a port of the test's own
    server = subprocess.Popen([VITALCORE, *_printed(commands, "serve")[1:], "--port",
                               str(port)], cwd=folder, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        banner = ""
        deadline = time.monotonic() + 120
        while "password" not in banner and time.monotonic() < deadline:
            line = server.stdout.readline()
            if not line and server.poll() is not None:
                break
            banner += line
        match = re.search(r"sign in as (\S+) \(analyst\) with password (\S+)", banner)
        assert match, banner
        base = f"http://127.0.0.1:{port}"
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/login").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        token = httpx.post(f"{base}/auth/token", json={
            "username": match.group(1), "password": match.group(2)})
        assert token.status_code == 200, token.text
        me = httpx.get(f"{base}/auth/me",
                       headers={"Authorization": f"Bearer {token.json()['access_token']}"})
        assert me.json()["role"] == "analyst"
        assert httpx.post(f"{base}/auth/token", json={
            "username": match.group(1), "password": "not-the-password"}).status_code == 401
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stdout.close()


def test_a_real_store_still_refuses_a_default_secret(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()  # not beside the test's key
    db = str(tmp_path / "data" / "mission.db")
    made = CliRunner().invoke(app, ["init", "--db", db])
    assert made.exit_code == 0, made.output
    refused = CliRunner().invoke(app, ["serve", "--db", db])
    assert refused.exit_code == 1
    assert "VITALCORE_SECRET_KEY" in refused.output
