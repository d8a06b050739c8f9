"""Who may see which page, as FastAPI dependencies, and the filters a page accepts.

Analyst pages admit the roles that may read voices (access.roles.READ); anyone else is
sent to sign in (when signed out) or shown a 403 page (when signed in with another role:
public, collector and admin accounts never reach testimonies). A refusal is raised as
`PageDenied` carrying the response, which `web.install` turns back into that response.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Engine

from vitalcore.access import roles
from vitalcore.web.render import page
from vitalcore.web.session import Visitor, visitor


class PageDenied(Exception):  # noqa: N818 - it carries a response, not an error state
    """Stop rendering and answer with `response` instead."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


def engine_of(request: Request) -> Engine:
    return request.app.state.engine


def current_visitor(request: Request) -> Visitor:
    return visitor(request, engine_of(request), request.app.state.settings.secret_key)


def analyst_visitor(request: Request) -> Visitor:
    """The signed-in analyst or protection officer; otherwise sign-in or a 403 page."""
    who = current_visitor(request)
    if who.account is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise PageDenied(RedirectResponse(f"/login?next={quote(target, safe='')}", 303))
    if who.role not in roles.READ:
        raise PageDenied(page(request, "error.html", visitor=who, title_key="denied.title",
                              status_code=403, message_key="denied.body"))
    return who


AnyVisitor = Annotated[Visitor, Depends(current_visitor)]
Analyst = Annotated[Visitor, Depends(analyst_visitor)]


def choice(request: Request, name: str, allowed: Iterable[str]) -> str | None:
    """A filter's value from the query string: absent or empty is None; a value outside
    `allowed` is a 400 page naming the parameter and the allowed values."""
    value = request.query_params.get(name) or None
    options = list(allowed)
    if value is not None and value not in options:
        raise PageDenied(page(
            request, "error.html", visitor=current_visitor(request),
            title_key="bad_request.title", status_code=400, message_key="bad_request.body",
            message_values={"name": name, "value": value[:40], "allowed": ", ".join(options)},
        ))
    return value


def page_number(request: Request, name: str = "page") -> int:
    """A 1-based page number; anything else is a 400 page."""
    raw = request.query_params.get(name) or "1"
    if not raw.isdigit() or not 1 <= int(raw) <= 100_000:
        raise PageDenied(page(
            request, "error.html", visitor=current_visitor(request),
            title_key="bad_request.title", status_code=400, message_key="bad_request.body",
            message_values={"name": name, "value": raw[:40], "allowed": "1, 2, 3, ..."},
        ))
    return int(raw)
