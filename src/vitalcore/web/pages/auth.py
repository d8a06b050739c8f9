"""Signing in and out, the landing redirect, and the community feedback page (open to
everyone: k-anonymous counts and the actions taken, nothing else)."""

from __future__ import annotations

import math
from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vitalcore import workflow
from vitalcore.access import roles
from vitalcore.api.limits import sign_in_wait
from vitalcore.web.access import AnyVisitor, choice, engine_of
from vitalcore.web.pages.common import DIMENSIONS, analysis, area_names
from vitalcore.web.render import page
from vitalcore.web.session import COOKIE, Visitor, csrf_ok
from vitalcore.web.warm import Job
from vitalcore.workflow import accounts, public

router = APIRouter()
WARM = (Job("public_aggregates", public.public_aggregates,
            lambda _engine, settings: {"k": settings.min_cell_count}),)


def _safe_next(target: str | None) -> str:
    # Only paths on this site: "//evil.example" or "https://..." would leave it.
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.get("/", response_class=HTMLResponse)
def home(who: AnyVisitor) -> Response:
    return RedirectResponse("/overview" if who.role in roles.READ else "/community", 303)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, who: AnyVisitor) -> HTMLResponse:
    return page(request, "login.html", visitor=who, title_key="login.title",
                next=_safe_next(request.query_params.get("next")), failed=False)


@router.post("/login")
async def login(request: Request) -> Response:
    form = await request.form()
    settings = request.app.state.settings
    username, password = str(form.get("username", ""))[:100], str(form.get("password", ""))
    target = _safe_next(str(form.get("next", "")))
    client = request.client.host if request.client else "unknown"
    wait = sign_in_wait(request.app.state, client, username)
    if wait:
        response = page(request, "login.html", visitor=Visitor(None, None),
                        title_key="login.title", next=target, failed=True, status_code=429)
        response.headers["retry-after"] = str(math.ceil(wait))
        return response
    signed = accounts.login(
        engine_of(request), secret_key=settings.secret_key, username=username,
        password=password[:1000], ttl=timedelta(minutes=settings.token_ttl_minutes),
    )
    if signed is None:
        return page(request, "login.html", visitor=Visitor(None, None),
                    title_key="login.title", next=target, failed=True, status_code=401)
    token, _expires = signed
    response = RedirectResponse(target, 303)
    response.set_cookie(COOKIE, token, max_age=settings.token_ttl_minutes * 60,
                        httponly=True, samesite="strict",
                        secure=settings.cookie_secure or request.url.scheme == "https",
                        path="/")
    return response


@router.post("/logout")
async def logout(request: Request, who: AnyVisitor) -> Response:
    form = await request.form()
    settings = request.app.state.settings
    if who.token and csrf_ok(who, settings.secret_key, str(form.get("csrf", ""))):
        accounts.logout(engine_of(request), secret_key=settings.secret_key, token=who.token)
    response = RedirectResponse("/login", 303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/community", response_class=HTMLResponse)
def community(request: Request, who: AnyVisitor) -> HTMLResponse:
    engine = engine_of(request)
    names = area_names(request)
    area = choice(request, "area", names)
    table = analysis(request, "public_aggregates", public.public_aggregates,
                     k=request.app.state.settings.min_cell_count)
    heard = []
    if area:
        heard = sorted(
            ({"dimension": d, "count": table.cells.get((area, d))} for d in DIMENSIONS),
            key=lambda r: -(r["count"] or 0),
        )
    return page(
        request, "community.html", visitor=who, title_key="community.title",
        names=names, areas=[a for a in table.rows if a in names], area=area, heard=heard,
        k=table.k, actions=workflow.actions(engine, area=area) if area else [],
    )
