"""The community page, open to everyone: what was heard in an area (k-anonymous
counts), the mission's ranking of its threats, what is being done, and a form to
answer back (does the ranking match what you live, your own order, what is missing).

Answers become voices of the community-feedback channel (workflow.community); the form
needs no account and keeps nothing about the person (web/answers.py: CSRF and rate)."""

from __future__ import annotations

import polars as pl
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vitalcore import workflow
from vitalcore.web.access import AnyVisitor, choice, engine_of
from vitalcore.web.answers import FORM_COOKIE, AnswerLimiter, form_token, new_cookie, token_ok
from vitalcore.web.pages.common import DIMENSIONS, analysis, area_names
from vitalcore.web.render import language, page
from vitalcore.web.warm import Job
from vitalcore.workflow import community as feedback
from vitalcore.workflow import public

router = APIRouter()
WARM = (Job("public_aggregates", public.public_aggregates,
            lambda _engine, settings: {"k": settings.min_cell_count}),)
CHOICES = 3  # threats a person puts in order


def limiter(request: Request) -> AnswerLimiter:
    state = request.app.state
    if getattr(state, "answer_limiter", None) is None:
        state.answer_limiter = AnswerLimiter()
    return state.answer_limiter


@router.get("/community", response_class=HTMLResponse)
def community(request: Request, who: AnyVisitor, status_code: int = 200,
              problem: str | None = None) -> HTMLResponse:
    engine = engine_of(request)
    names = area_names(request)
    area = choice(request, "area", names)
    k = request.app.state.settings.min_cell_count
    table = analysis(request, "public_aggregates", public.public_aggregates, k=k)
    heard, ranking, answered = [], [], None
    if area:
        heard = sorted(
            ({"dimension": d, "count": table.cells.get((area, d))} for d in DIMENSIONS),
            key=lambda r: -(r["count"] or 0),
        )
        ranked = analysis(request, "rank_threats", workflow.rank_threats, area=area)
        # Only threats that k voices or more support: the rest could point at someone.
        ranking = (ranked.filter((pl.col("area_pcode") == area) & (pl.col("voices") >= k))
                   .sort("rank")["dimension"].to_list())
        answered = analysis(request, "feedback_summary", feedback.feedback_summary,
                            area=area, k=k)
    cookie = request.cookies.get(FORM_COOKIE)
    fresh = cookie is None or len(cookie) != 32
    if fresh:
        cookie = new_cookie()
    secret = request.app.state.settings.secret_key
    response = page(
        request, "community.html", visitor=who, title_key="community.title",
        names=names, areas=[a for a in table.rows if a in names] or list(names), area=area,
        heard=heard, k=table.k, actions=workflow.actions(engine, area=area) if area else [],
        ranking=ranking, answered=answered, dimensions=DIMENSIONS, choices=CHOICES,
        form_token=form_token(secret, cookie), thanks=request.query_params.get("thanks"),
        problem=problem, status_code=status_code,
    )
    if fresh:
        response.set_cookie(FORM_COOKIE, cookie, httponly=True, samesite="strict",
                            secure=request.url.scheme == "https", path="/community")
    return response


@router.post("/community/answers")
async def answer(request: Request, who: AnyVisitor) -> Response:
    form = await request.form()
    settings = request.app.state.settings
    if not token_ok(settings.secret_key, request.cookies.get(FORM_COOKIE),
                    str(form.get("token", ""))):
        return page(request, "error.html", visitor=who, title_key="csrf.title",
                    status_code=403, message_key="csrf.body")
    client = request.client.host if request.client else "unknown"
    if not limiter(request).allow(client):
        return page(request, "error.html", visitor=who, title_key="community.busy_title",
                    status_code=429, message_key="community.busy")
    area = str(form.get("area", ""))[:32]
    if form.get("consent") != "yes":
        return _again(request, who, area, "community.need_consent")
    try:
        feedback.submit_feedback(
            engine_of(request), area=area, verdict=str(form.get("verdict", ""))[:16],
            priorities=[str(form.get(f"rank{i}", ""))[:32] for i in range(1, CHOICES + 1)],
            missing=str(form.get("missing", "")), language=language(request),
            consent_quote=form.get("quote") == "yes", key=request.app.state.privacy_key,
        )
    except feedback.FeedbackRefused:
        return _again(request, who, area, "community.refused")
    return RedirectResponse(f"/community?area={area}&thanks=1#answer-h", 303)


def _again(request: Request, who: AnyVisitor, area: str, problem: str) -> HTMLResponse:
    # The form again, with what went wrong; `area` only if it is one of ours.
    request.scope["query_string"] = (f"area={area}".encode()
                                     if area in area_names(request) else b"")
    return community(request, who, status_code=400, problem=problem)
