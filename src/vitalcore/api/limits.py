"""Limits at the edge: body size, security headers (ASGI middleware), rate per account.

The body limit is enforced while reading, not only from Content-Length, so a chunked
upload cannot slip past it.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# The API serves JSON and files only: nothing may run, embed it or be embedded.
SECURITY_HEADERS = {
    b"content-security-policy": b"default-src 'none'; frame-ancestors 'none'",
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"no-referrer",
    b"x-frame-options": b"DENY",
    b"cache-control": b"no-store",
    b"cross-origin-resource-policy": b"same-origin",
}


async def _reply(send: Send, status: int, message: str) -> None:
    body = json.dumps({"detail": message}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += list(SECURITY_HEADERS.items())
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


log = logging.getLogger("vitalcore.api")


# NUL characters have no place in a testimony, and PostgreSQL cannot store them in text:
# they are refused at the edge, in the URL (%00) and in the body (raw, JSON-escaped or
# form-encoded), rather than at every field.
_NUL_MARKS = (b"\x00", b"\\u0000", b"%00")


def _has_nul(data: bytes) -> bool:
    lowered = data.lower()
    return any(mark in lowered for mark in _NUL_MARKS)


class EdgeMiddleware:
    """Adds the security headers to every response, refuses oversized bodies (413) and
    NUL characters (422)."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_big = f"request body larger than {self.max_body_bytes} bytes"
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes:
            await _reply(send, 413, too_big)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                await _reply(send, 413, too_big)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        target = scope.get("raw_path", b"") + b"?" + scope.get("query_string", b"")
        if _has_nul(target) or _has_nul(body):
            await _reply(send, 422, "NUL characters (\\u0000, %00) are not accepted")
            return
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        started = False

        async def with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS.items() if k not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            await self.app(scope, replay, with_headers)
        except Exception:
            # Starlette's own 500 is sent outside this middleware, without the security
            # headers; this one has them and says nothing of the cause (it is logged).
            log.exception("unhandled error in %s %s", scope.get("method"), scope.get("path"))
            if not started:
                await _reply(send, 500, "internal error; the service log has the details")


class TokenBuckets:
    """One token bucket per account: `burst` requests at once, `per_minute` sustained.

    In memory, per process: enough to slow a leaked or runaway key; a restart refills.
    """

    def __init__(self, *, per_minute: int, burst: int,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.clock = clock
        self._state: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, who: str) -> float:
        """0 when a request may go ahead now, else the seconds to wait before retrying."""
        with self._lock:
            now = self.clock()
            tokens, last = self._state.get(who, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= 1:
                self._state[who] = (tokens - 1, now)
                return 0.0
            self._state[who] = (tokens, now)
            return (1 - tokens) / self.rate


def sign_in_wait(state: Any, client: str, username: str) -> float:
    """0 when a sign-in attempt may be checked now, else seconds to wait. One bucket per
    client address (the real one behind a trusted proxy) and one per username, so that
    neither one address guessing many names nor many addresses guessing one name get
    more than VITALCORE_LOGIN_PER_MINUTE tries a minute."""
    buckets: TokenBuckets = state.login_buckets
    waits = (buckets.take(f"client:{client}"), buckets.take(f"user:{username.lower()[:100]}"))
    return max(waits)
