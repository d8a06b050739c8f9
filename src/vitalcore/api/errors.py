"""Clear errors: a rejected field is named with its path, an unknown field is called so,
and the submitted value is never echoed back (it may be a testimony)."""

from __future__ import annotations

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse


def _message(error: dict) -> str:
    if error.get("type") == "extra_forbidden":
        return f"unknown field {error['loc'][-1]!r}: not part of this schema"
    return error.get("msg", "invalid value")


async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    detail = [
        {"loc": list(e.get("loc", ())), "msg": _message(e), "type": e.get("type", "invalid")}
        for e in exc.errors()
    ]
    return JSONResponse(status_code=422, content={"detail": detail})


async def too_deep(request: Request, exc: RecursionError) -> JSONResponse:
    """A body nested past what the JSON parser can follow: the client's error (422), not
    the service's (500)."""
    return JSONResponse(status_code=422, content={"detail": "the body is JSON nested too "
                                                            "deeply to read"})
