"""The service's settings: one typed object, each setting with its help text.

Built by `load_api_settings()` from arguments and VITALCORE_* variables, never at import
time. Outside development it refuses a secret left at its default: a mission that
forgets to set one must find out at start-up, not after a breach.
"""

from __future__ import annotations

import ipaddress
import os
import warnings
from dataclasses import dataclass, field, fields, replace
from typing import Any

from vitalcore.config import DEFAULT_MAX_TEXT_CHARS, MAX_TEXT_ENV, database_url

DEFAULT_SECRET = "insecure-development-secret-change-me"
MIN_SECRET_LENGTH = 32


class SettingsError(ValueError):
    """A setting that cannot be used, naming its environment variable."""


def _setting(default: Any, env: str, help: str) -> Any:  # noqa: A002 - reads as help text
    return field(default=default, metadata={"env": env, "help": help})


@dataclass(frozen=True)
class ApiSettings:
    """How `vitalcore serve` behaves. `vitalcore serve --help-settings` lists these."""

    database_url: str = _setting(
        "", "VITALCORE_DB", "Store: a SQLite path or a SQLAlchemy URL (default ./vitalcore.db)."
    )
    environment: str = _setting(
        "production", "VITALCORE_ENV",
        "'production' (default) or 'development'; only development accepts default secrets.",
    )
    secret_key: str = _setting(
        DEFAULT_SECRET, "VITALCORE_SECRET_KEY",
        "Server secret (32+ characters) keying the hashes of tokens and API keys, so a "
        "stolen copy of the database cannot be used to check guessed keys.",
    )
    token_ttl_minutes: int = _setting(
        480, "VITALCORE_TOKEN_TTL_MINUTES", "Lifetime of a login token (default: one shift)."
    )
    max_body_bytes: int = _setting(
        1_048_576, "VITALCORE_MAX_BODY_BYTES", "Largest request body accepted (413 above it)."
    )
    max_batch: int = _setting(
        500, "VITALCORE_MAX_BATCH",
        "Most voices accepted in one batch submission or webhook call, whatever its shape.",
    )
    max_text_chars: int = _setting(
        DEFAULT_MAX_TEXT_CHARS, MAX_TEXT_ENV,
        "Longest voice text, in characters, for the API and file ingest alike; a longer "
        "text is quarantined with the reason.",
    )
    rate_per_minute: int = _setting(
        600, "VITALCORE_RATE_PER_MINUTE", "Sustained requests per minute per key or user."
    )
    rate_burst: int = _setting(
        120, "VITALCORE_RATE_BURST", "Requests a key or user may make at once before waiting."
    )
    min_cell_count: int = _setting(
        5, "VITALCORE_MIN_CELL_COUNT",
        "k: public aggregates hide every cell below k voices (and enough others that "
        "hidden cells cannot be derived from the totals).",
    )
    web_warm: bool = _setting(
        True, "VITALCORE_WEB_WARM",
        "Compute the dashboard's analyses in the background at start-up and after new "
        "data, so pages render from memory (1/0); off, each page computes on first visit.",
    )
    login_per_minute: int = _setting(
        10, "VITALCORE_LOGIN_PER_MINUTE",
        "Sign-in attempts (dashboard /login and /auth/token) per minute per client address "
        "and per username; 10 at once, then this many a minute.",
    )
    trusted_proxies: tuple[str, ...] = _setting(
        (), "VITALCORE_TRUSTED_PROXIES",
        "Comma-separated addresses or networks (127.0.0.1, 10.0.0.0/8) of the TLS proxies "
        "in front of the service. Only their X-Forwarded-For and X-Forwarded-Proto are "
        "believed: the client address (sign-in throttling) and https (Secure cookie) come "
        "from them. None by default: forwarded headers are ignored.",
    )
    cookie_secure: bool = _setting(
        False, "VITALCORE_COOKIE_SECURE",
        "Always mark the dashboard's session cookie Secure (1/0). Without it the cookie is "
        "Secure when the request came over https, directly or through a trusted proxy.",
    )
    cors_origins: tuple[str, ...] = _setting(
        (), "VITALCORE_CORS_ORIGINS",
        "Comma-separated origins allowed to call the API from a browser; none by default.",
    )

    @property
    def development(self) -> bool:
        return self.environment == "development"

    def checked(self) -> ApiSettings:
        """These settings, or SettingsError when they are unsafe for this environment."""
        if self.environment not in {"production", "development"}:
            raise SettingsError(
                f"VITALCORE_ENV={self.environment!r}: use 'production' or 'development'"
            )
        weak = self.secret_key == DEFAULT_SECRET or len(self.secret_key) < MIN_SECRET_LENGTH
        if weak and not self.development:
            raise SettingsError(
                "VITALCORE_SECRET_KEY is unset, left at its default or shorter than "
                f"{MIN_SECRET_LENGTH} characters; set it (e.g. `python -c 'import secrets; "
                "print(secrets.token_urlsafe(48))'`), or set VITALCORE_ENV=development "
                "on a machine that holds no real testimonies"
            )
        for proxy in self.trusted_proxies:
            try:
                ipaddress.ip_network(proxy, strict=False)
            except ValueError:
                raise SettingsError(f"VITALCORE_TRUSTED_PROXIES: {proxy!r} is not an address "
                                    "or network") from None
        if weak:
            warnings.warn(
                "DEVELOPMENT MODE: the server secret is a default; never run this with "
                "real testimonies", stacklevel=2,
            )
        for name in ("token_ttl_minutes", "max_body_bytes", "max_batch", "rate_per_minute",
                     "rate_burst", "min_cell_count", "max_text_chars", "login_per_minute"):
            if getattr(self, name) < 1:
                env = self.__dataclass_fields__[name].metadata["env"]
                raise SettingsError(f"{env} must be at least 1, not {getattr(self, name)}")
        return self


def settings_help() -> list[tuple[str, str, str]]:
    """(environment variable, default, help) for every setting."""
    return [
        (f.metadata["env"], repr(f.default), f.metadata["help"]) for f in fields(ApiSettings)
    ]


def _convert(raw: str, kind: Any, env: str) -> Any:
    if kind in (bool, "bool"):
        value = raw.strip().lower()
        if value not in {"1", "true", "yes", "on", "0", "false", "no", "off"}:
            raise SettingsError(f"{env}={raw!r}: use 1 or 0 (true or false)")
        return value in {"1", "true", "yes", "on"}
    if kind in (int, "int"):
        try:
            return int(raw)
        except ValueError:
            raise SettingsError(f"{env}={raw!r} is not a whole number") from None
    if kind in (tuple[str, ...], "tuple[str, ...]"):
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return raw


def load_api_settings(db: str | None = None, **overrides: Any) -> ApiSettings:
    """Settings from VITALCORE_* variables, then `db` and keyword overrides; checked."""
    values: dict[str, Any] = {}
    for f in fields(ApiSettings):
        raw = os.environ.get(f.metadata["env"])
        if raw is not None and f.name != "database_url":
            values[f.name] = _convert(raw, f.type, f.metadata["env"])
    settings = replace(ApiSettings(), database_url=database_url(db), **values)
    return replace(settings, **overrides).checked()
