"""Signing in and out, and the landing redirect (the community page, open to everyone,
is in community.py)."""

from __future__ import annotations

import math
from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vitalcore.access import roles
from vitalcore.api.limits import sign_in_wait
from vitalcore.web.access import AnyVisitor, engine_of
from vitalcore.web.render import page
from vitalcore.web.session import COOKIE, Visitor, csrf_ok
from vitalcore.workflow import accounts

router = APIRouter()


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
