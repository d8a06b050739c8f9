"""vitalcore serve, users, keys, forget, backup, restore: running vitalcore as a service."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from vitalcore import workflow
from vitalcore.access.roles import Role, parse_role
from vitalcore.api.settings import (
    ApiSettings,
    SettingsError,
    load_api_settings,
    settings_help,
)
from vitalcore.cli.common import DbOption, JsonOption, console, example, fail, print_json

app = typer.Typer()
users_app = typer.Typer(
    help="Users who sign in with a password.", no_args_is_help=True,
    epilog=example("vitalcore users add amina --role analyst", "vitalcore users list"),
)
keys_app = typer.Typer(
    help="API keys for machines (gateways, partner systems).", no_args_is_help=True,
    epilog=example("vitalcore keys create sms-gateway --role collector --source sms-north",
                   "vitalcore keys revoke 3f9a1c2b7d4e"),
)

ROLE_HELP = "Role: " + ", ".join(r.value for r in Role)
SourceOption = Annotated[str | None, typer.Option(
    help="Limit submissions to this source (e.g. the gateway's network name).")]


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


def _settings(db: str | None, **overrides: str) -> ApiSettings:
    try:
        return load_api_settings(db, **overrides)
    except SettingsError as err:
        raise fail(str(err)) from None


@app.command(epilog=example(
    "VITALCORE_SECRET_KEY=... vitalcore serve --db mission.db",
    "vitalcore serve --db vitalcore-demo.db",
    "VITALCORE_ENV=development vitalcore serve --port 8080",
    "vitalcore serve --show-settings",
))
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on; keep loopback behind a "
                                      "TLS proxy")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    show_settings: Annotated[bool, typer.Option(
        "--show-settings", help="List the VITALCORE_* settings and exit.")] = False,
) -> None:
    """Run the HTTP API (intake hooks, analyst endpoints, public aggregates) and the
    dashboard with uvicorn.

    A store made by `vitalcore demo` (marked synthetic) runs as it is: with a secret
    generated for this run, the demo's own privacy key, and a demo analyst whose password
    is printed at start. Any other store needs VITALCORE_SECRET_KEY and the privacy key.
    """
    from vitalcore import privacy  # cryptography where a key is read

    if show_settings:
        for env, default, text in settings_help():
            console.print(f"[bold]{env}[/bold] (default {default})\n    {text}", highlight=False)
        return
    import uvicorn

    from vitalcore.api import create_app

    engine = workflow.open_existing(db)
    try:
        demo = workflow.demo_service(engine)
    except privacy.KeyMissingError as err:
        raise fail(f"{err}: this synthetic store's key is gone; run `vitalcore demo` "
                   "again") from None
    overrides = {}
    if demo is not None and not os.environ.get("VITALCORE_SECRET_KEY"):
        overrides["secret_key"] = demo.secret_key
    settings = _settings(db, **overrides)
    try:
        application = create_app(settings, engine=engine,
                                  privacy_key=demo.privacy_key if demo else None)
    except privacy.KeyMissingError as err:
        raise fail(str(err)) from None
    if demo is not None:
        console.print(
            f"[bold]synthetic demo store[/bold]: served with a secret generated for this run "
            f"and the demo's own key ({demo.key_file}); never put real testimonies in it.\n"
            f"Dashboard: http://{host}:{port}/  sign in as [bold]{demo.username}[/bold] "
            f"(analyst) with password [bold]{demo.password}[/bold] (new at every start)",
            highlight=False, soft_wrap=True)
    uvicorn.run(application, host=host, port=port, log_level="info",
                log_config=_log_config(), proxy_headers=False, server_header=False)


def _log_config() -> dict:
    """uvicorn's logging, plus vitalcore's own loggers (e.g. "dashboard ready: ...")
    through the same handler, so an operator sees when the dashboard is warm."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["vitalcore"] = {"handlers": ["default"], "level": "INFO",
                                      "propagate": False}
    return config


@users_app.command("add", epilog=example(
    "vitalcore users add amina --role analyst",
    "echo \"$PASSWORD\" | vitalcore users add gateway-ops --role collector "
    "--source sms-north --password-stdin",
))
def users_add(
    username: Annotated[str, typer.Argument(help="Name to sign in with.")],
    role: Annotated[str, typer.Option(help=ROLE_HELP)],
    source: SourceOption = None,
    password_stdin: Annotated[bool, typer.Option(
        "--password-stdin", help="Read the password from standard input.")] = False,
    db: DbOption = None,
) -> None:
    """Add a user; the password (12+ characters) is asked for, or read from stdin."""
    from vitalcore.workflow import accounts

    try:
        parse_role(role)
    except ValueError as err:
        raise fail(str(err)) from None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        accounts.add_user(workflow.open(db), username=username, password=password, role=role,
                          source=source, actor=_actor())
    except ValueError as err:
        raise fail(str(err)) from None
    console.print(f"user {username} added as {role}", highlight=False)


@users_app.command("list", epilog=example("vitalcore users list", "vitalcore users list --json"))
def users_list(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List users with role, source scope and whether disabled."""
    rows = [vars(u) for u in workflow.list_users(workflow.open_existing(db))]
    if as_json:
        print_json(rows)
        return
    for u in rows:
        state = "disabled" if u["disabled"] else "active"
        scope = f" source={u['source']}" if u["source"] else ""
        console.print(f"{u['name']}  {u['role']}  {state}{scope}", highlight=False)


@users_app.command("disable", epilog=example("vitalcore users disable amina"))
def users_disable(
    username: Annotated[str, typer.Argument(help="The user to disable.")], db: DbOption = None
) -> None:
    """Disable a user and end their sessions at once."""
    engine = workflow.open_existing(db)
    if not workflow.accounts.disable_user(engine, username=username, actor=_actor()):
        raise fail(f"no user {username!r}")
    console.print(f"user {username} disabled", highlight=False)


@users_app.command("role", epilog=example("vitalcore users role amina --role protection_officer"))
def users_role(
    username: Annotated[str, typer.Argument(help="The user whose role changes.")],
    role: Annotated[str, typer.Option(help=ROLE_HELP)],
    db: DbOption = None,
) -> None:
    """Give a user another role; their sessions end at once. Audited."""
    try:
        before = workflow.accounts.set_role(workflow.open(db), username=username, role=role,
                                   actor=_actor())
    except ValueError as err:
        raise fail(str(err)) from None
    if before is None:
        raise fail(f"no user {username!r}")
    console.print(f"user {username}: {before} -> {role}", highlight=False)


@keys_app.command("create", epilog=example(
    "vitalcore keys create sms-gateway --role collector --source sms-north",
))
def keys_create(
    name: Annotated[str, typer.Argument(help="What the key is for.")],
    role: Annotated[str, typer.Option(help=ROLE_HELP)],
    source: SourceOption = None,
    db: DbOption = None,
) -> None:
    """Create an API key; it is printed once and stored only as a keyed hash."""
    from vitalcore.workflow import accounts

    try:
        parse_role(role)
    except ValueError as err:
        raise fail(str(err)) from None
    settings = _settings(db)
    account, key = accounts.create_api_key(workflow.open(db), secret_key=settings.secret_key,
                                           name=name, role=role, source=source,
                                           actor=_actor())
    console.print(f"key {account.id} ({role}) created; it is shown only now:", highlight=False)
    typer.echo(key)


@keys_app.command("list", epilog=example("vitalcore keys list"))
def keys_list(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List API keys by id (never the key itself)."""
    rows = [vars(k) for k in workflow.list_api_keys(workflow.open_existing(db))]
    if as_json:
        print_json(rows)
        return
    for k in rows:
        state = "revoked" if k["disabled"] else "active"
        console.print(f"{k['id']}  {k['name']}  {k['role']}  {state}", highlight=False)


@keys_app.command("revoke", epilog=example("vitalcore keys revoke 3f9a1c2b7d4e"))
def keys_revoke(
    key_id: Annotated[str, typer.Argument(help="The key's id, as `keys list` shows it.")],
    db: DbOption = None,
) -> None:
    """Revoke an API key at once."""
    engine = workflow.open_existing(db)
    if not workflow.accounts.revoke_api_key(engine, key_id=key_id, actor=_actor()):
        raise fail(f"no active key {key_id!r}")
    console.print(f"key {key_id} revoked", highlight=False)


@app.command(epilog=example(
    "vitalcore forget --reporter r-4f2a9c0d1e",
    "vitalcore forget --reporter r-4f2a9c0d1e --voices --reason 'request of 2026-12-01'",
))
def forget(
    reporter: Annotated[str, typer.Option(help="The reporter's pseudonym (r-...).")],
    voices: Annotated[bool, typer.Option(
        "--voices", help="Erase their voices and labels too, not only the contact.")] = False,
    reason: Annotated[str | None, typer.Option(help="Why (kept in the audit log).")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Erase a reporter's contact data (and, with --voices, their voices); audited."""
    from vitalcore import privacy  # cryptography where a key is read

    if not reporter.startswith(privacy.PSEUDONYM_PREFIX):
        raise fail(f"{reporter!r} is not a pseudonym (they start with "
                   f"{privacy.PSEUDONYM_PREFIX!r}); find it with `GET /voices`")
    counts = workflow.forget_reporter(workflow.open_existing(db), reporter=reporter, voices=voices,
                             actor=_actor(), reason=reason)
    if as_json:
        print_json(counts)
        return
    erased = ", ".join(f"{name} {n}" for name, n in counts.items())
    console.print(f"forgot {reporter}: {erased}", highlight=False)


@app.command(epilog=example("vitalcore backup mission-2026-12-02.db",
                            "vitalcore backup pg.dump --db postgresql+psycopg://u@host/db"))
def backup(
    file: Annotated[Path, typer.Argument(help="Backup file to write.")], db: DbOption = None
) -> None:
    """Write a consistent backup while the service runs (the privacy key is never in it)."""
    try:
        path = workflow.backup_store(workflow.open_existing(db), file, actor=_actor())
    except workflow.BackupError as err:
        raise fail(str(err)) from None
    console.print(f"backup written: {path} (keep the privacy key's backup apart)",
                  highlight=False)


@app.command(epilog=example("vitalcore restore mission-2026-12-02.db"))
def restore(
    file: Annotated[Path, typer.Argument(help="Backup file written by `vitalcore backup`.")],
    db: DbOption = None,
) -> None:
    """Replace the store with a backup. Stop the service first."""
    try:
        workflow.restore_store(workflow.open(db), file, actor=_actor())
    except workflow.BackupError as err:
        raise fail(str(err)) from None
    console.print(f"restored from {file}", highlight=False)
