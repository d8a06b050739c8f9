"""A FastAPI app served over real HTTP on 127.0.0.1, in a thread, for as long as needed.

Shared by the API and dashboard tests so both speak to the same kind of server.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def served(app: FastAPI, *, start_within: float = 20) -> Iterator[str]:
    """The base URL of `app` served by uvicorn until the block ends."""
    port = free_port()
    # proxy_headers=False as `vitalcore serve` runs it: forwarded headers count only
    # through the app's own trusted-proxy setting (VITALCORE_TRUSTED_PROXIES).
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on",
                                           proxy_headers=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + start_within
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)
