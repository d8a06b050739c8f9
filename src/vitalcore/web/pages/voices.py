"""Voices (search, read pseudonymised, confirm or correct labels) and actions (record
one, see its measured effect). Both POST forms check the session's CSRF token."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vitalcore import taxonomy, workflow
from vitalcore.domain import Channel
from vitalcore.web.access import Analyst, PageDenied, choice, engine_of, page_number
from vitalcore.web.pages.common import DIMENSIONS, GROUPS, area_names
from vitalcore.web.render import page
from vitalcore.web.session import Visitor, csrf_ok
from vitalcore.workflow import VoiceFilter

router = APIRouter()
PER_PAGE = 20
CHANNELS = [c.value for c in Channel]


def _checked(request: Request, who: Visitor, form: dict) -> None:
    if not csrf_ok(who, request.app.state.settings.secret_key, form.get("csrf")):
        raise PageDenied(page(request, "error.html", visitor=who, title_key="csrf.title",
                              status_code=403, message_key="csrf.body"))


@router.get("/testimonies", response_class=HTMLResponse)
def voices_page(request: Request, who: Analyst) -> HTMLResponse:
    engine = engine_of(request)
    names = area_names(request)
    filters = {
        "area": choice(request, "area", names),
        "dimension": choice(request, "dimension", DIMENSIONS),
        "channel": choice(request, "channel", CHANNELS),
        "q": (request.query_params.get("q") or "").strip()[:200] or None,
    }
    number = page_number(request)
    rows, total = workflow.search_voices(
        engine, VoiceFilter(area=filters["area"], dimension=filters["dimension"],
                            channel=filters["channel"], text=filters["q"]),
        limit=PER_PAGE, offset=(number - 1) * PER_PAGE,
    )
    labels = workflow.latest_labels(engine, [r["id"] for r in rows])
    kept = {k: v for k, v in filters.items() if v}
    pages = max(1, -(-total // PER_PAGE))
    return page(
        request, "voices.html", visitor=who, title_key="voices.title", voices=rows,
        labels=labels, total=total, number=number, pages=pages, names=names,
        filters=filters, dimensions=DIMENSIONS, channels=CHANNELS,
        all_labels=DIMENSIONS + GROUPS + sorted({t for ts in taxonomy.threat_types().values()
                                                 for t in ts}),
        link=lambda n: "/testimonies?" + urlencode({**kept, "page": n}),
        saved=request.query_params.get("saved"),
    )


@router.post("/testimonies/{voice_id}/labels")
async def correct(request: Request, voice_id: str, who: Analyst) -> Response:
    form = dict(await request.form())
    _checked(request, who, form)
    add = [x for x in str(form.get("add", "")).split(",") if x]
    remove = [x for x in str(form.get("remove", "")).split(",") if x]
    try:
        count = workflow.correct_labels(engine_of(request), voice_id[:32], add=add,
                                        remove=remove, analyst=who.account.name)
    except ValueError as err:
        return page(request, "error.html", visitor=who, title_key="bad_request.title",
                    status_code=400, message=str(err))
    back = str(form.get("back") or "/testimonies")
    if not back.startswith("/testimonies"):
        back = "/testimonies"  # never redirect off the dashboard
    joiner = "&" if "?" in back else "?"
    return RedirectResponse(f"{back}{joiner}saved={count}#voice-{voice_id}", 303)


# /actions is the API's (JSON); the dashboard's pages for actions live at /interventions.
@router.get("/interventions", response_class=HTMLResponse)
def actions_page(request: Request, who: Analyst, error: str | None = None,
                 status_code: int = 200) -> HTMLResponse:
    names = area_names(request)
    area = choice(request, "area", names)
    return page(
        request, "actions.html", visitor=who, title_key="actions.title",
        actions=workflow.actions(engine_of(request), area=area), names=names,
        filters={"area": area}, dimensions=DIMENSIONS, kinds=list(taxonomy.action_kinds()),
        error=error, status_code=status_code, today=date.today().isoformat(),
    )


@router.post("/interventions")
async def record(request: Request, who: Analyst) -> Response:
    form = dict(await request.form())
    _checked(request, who, form)
    try:
        start = date.fromisoformat(str(form.get("start", "")))
        end = date.fromisoformat(str(form["end"])) if form.get("end") else None
        action = workflow.record_action(
            engine_of(request), area=str(form.get("area", "")),
            dimension=str(form.get("dimension", "")), kind=str(form.get("kind", "")),
            start=start, end=end, description=str(form.get("description", ""))[:2000],
            who=who.account.name,
        )
    except ValueError as err:
        return actions_page(request, who, error=str(err), status_code=400)
    return RedirectResponse(f"/interventions/{action.id}", 303)


@router.get("/interventions/{action_id}", response_class=HTMLResponse)
def action_page(request: Request, action_id: str, who: Analyst) -> HTMLResponse:
    try:
        effect = workflow.action_effect(engine_of(request), action_id[:64])
    except (KeyError, ValueError) as err:
        return page(request, "error.html", visitor=who, title_key="not_found.title",
                    status_code=404, message=str(err))
    return page(request, "action.html", visitor=who, title_key="actions.effect_title",
                effect=effect, names=area_names(request))
