"""Pages: one Jinja environment (autoescaping everything), the language of the visitor,
and the security headers a page needs (its own CSP: scripts and styles from vitalcore
only, no inline script, nothing from another origin)."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from vitalcore.i18n import LANGUAGES, Locale
from vitalcore.web.session import Visitor

LANG_COOKIE = "vitalcore_lang"
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("vitalcore.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True, lstrip_blocks=True,
    )
    env.filters["svg"] = inline_svg
    env.globals["here"] = here
    env.globals["NAV"] = NAV
    return env


# The analyst pages, in menu order: (path, words key).
NAV = (
    ("/overview", "nav.overview"), ("/map", "nav.map"), ("/alerts", "nav.alerts"),
    ("/chains", "nav.chains"), ("/tiers", "nav.tiers"), ("/groups", "nav.groups"),
    ("/rumours", "nav.rumours"),
    ("/mandate", "nav.mandate"), ("/testimonies", "nav.voices"), ("/interventions", "nav.actions"),
)


def here(request: Request, **changes: object) -> str:
    """This page's path and query with `changes` applied (None removes a parameter)."""
    params = dict(request.query_params)
    for name, value in changes.items():
        if value is None:
            params.pop(name, None)
        else:
            params[name] = str(value)
    query = urlencode(params)
    return request.url.path + (f"?{query}" if query else "")


def inline_svg(svg: str) -> Markup:
    """A chart drawn by vl-convert, inlined so its text is readable and searchable.

    Vega's SVG renderer escapes every text it draws (area names included); a chart is
    still refused if anything in it could run.
    """
    return _checked(svg)


# Drawings are kept (charts.to_svg, the memo) and shown again to every visitor: the
# check of a string already checked is then a lookup of the same object, not another
# pass over a map of a megabyte. A refused drawing raises and is not kept.
@lru_cache(maxsize=64)
def _checked(svg: str) -> Markup:
    if _runnable(svg):
        raise ValueError("refusing to inline an SVG with script in it")
    return Markup(svg)  # noqa: S704 - checked above; produced by our own renderer


# What could run in an inlined SVG: a script element, an event-handler attribute
# (onload=...), or a URL attribute with a script scheme. Text and other attribute values
# are escaped by the renderer and are data: an area called "Menaka javascript: district"
# or "Gao on the river" is a name to show, not a reason to refuse the page.
_SCRIPT_TAG = re.compile(r"<\s*script", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]*>")
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
_SCRIPT_URL = re.compile(
    r"\s(?:xlink:)?(?:href|src|action|formaction)\s*=\s*[\"']?\s*"
    r"(?:javascript|vbscript)\s*:", re.IGNORECASE)


def _runnable(svg: str) -> bool:
    if _SCRIPT_TAG.search(svg):
        return True
    for tag in _TAG.findall(svg):
        if _SCRIPT_URL.search(tag) or _HANDLER.search(_QUOTED.sub('""', tag)):
            return True
    return False


def language(request: Request) -> str:
    """?lang=, then the language cookie, then the browser's Accept-Language, then English."""
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    if asked in LANGUAGES:
        return asked
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip()[:2].lower()
        if code in LANGUAGES:
            return code
    return "en"


def page(
    request: Request,
    template: str,
    *,
    visitor: Visitor,
    title_key: str,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    lang = language(request)
    loc = Locale(lang, "web")
    settings = request.app.state.settings
    html = environment().get_template(template).render(
        request=request, loc=loc, lang=lang, visitor=visitor,
        csrf=visitor.csrf(settings.secret_key), title=loc.t(title_key), **context,
    )
    response = HTMLResponse(html, status_code=status_code)
    response.headers["content-security-policy"] = PAGE_CSP
    response.headers["cache-control"] = "no-store"
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="strict",
                            httponly=True)
    return response
