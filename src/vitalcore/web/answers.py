"""What keeps the community page's answer form safe without an account.

CSRF: a double-submit token. The page sets a random, HttpOnly, SameSite=Strict cookie
and puts HMAC(secret, cookie) in the form; a POST is accepted only when the two agree.
Another site can neither read the cookie nor make the browser send it, so it cannot
forge the pair (OWASP CSRF cheat sheet, "signed double-submit cookie").

Rate: at most PER_CLIENT answers per WINDOW from one client and GLOBAL from everyone.
The client is known only by a keyed hash of its address, kept in memory for the window
and never stored or logged: no personal data outlives the window.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque

FORM_COOKIE = "vitalcore_form"
PER_CLIENT = 5
GLOBAL = 300
WINDOW = 600.0  # seconds


def form_token(secret_key: str, cookie: str) -> str:
    """The token the form carries for this browser's form cookie."""
    mac = hmac.new(secret_key.encode(), b"community-form:" + cookie.encode(), hashlib.sha256)
    return mac.hexdigest()[:32]


def new_cookie() -> str:
    return secrets.token_hex(16)


def token_ok(secret_key: str, cookie: str | None, sent: str | None) -> bool:
    if not cookie or not sent or len(cookie) != 32:
        return False
    return hmac.compare_digest(form_token(secret_key, cookie), sent)


class AnswerLimiter:
    """Sliding-window counts per client (by keyed hash) and for everyone."""

    def __init__(self, per_client: int = PER_CLIENT, overall: int = GLOBAL,
                 window: float = WINDOW) -> None:
        self.per_client, self.overall, self.window = per_client, overall, window
        self._salt = secrets.token_bytes(16)  # new per process: hashes cannot be linked
        self._clients: dict[bytes, deque[float]] = {}
        self._all: deque[float] = deque()
        self._lock = threading.Lock()

    def allow(self, client: str, now: float | None = None) -> bool:
        """Count one answer from `client`; False (and nothing counted) when over a limit."""
        now = time.monotonic() if now is None else now
        who = hashlib.blake2b(client.encode(), key=self._salt, digest_size=16).digest()
        with self._lock:
            self._expire(now)
            mine = self._clients.setdefault(who, deque())
            if len(mine) >= self.per_client or len(self._all) >= self.overall:
                return False
            mine.append(now)
            self._all.append(now)
            return True

    def _expire(self, now: float) -> None:
        cut = now - self.window
        while self._all and self._all[0] <= cut:
            self._all.popleft()
        for who in list(self._clients):
            times = self._clients[who]
            while times and times[0] <= cut:
                times.popleft()
            if not times:
                del self._clients[who]
