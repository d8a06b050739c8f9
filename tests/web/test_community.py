"""Communities answer back over real HTTP: the form posts without an account, is
CSRF-safe and rate-limited, keeps nothing about the person, stores a voice of the
community-feedback channel, and moves the community weight analysts see."""

from __future__ import annotations

import re

import httpx
import pytest
from tests.web.conftest import Site
from tests.web.test_http import signed_in

from vitalcore import store
from vitalcore.store.voice_search import VoiceFilter
from vitalcore.web.answers import AnswerLimiter

AREA = "ML0702"


def _form(client: httpx.Client, area: str = AREA) -> str:
    html = client.get("/community", params={"area": area}).text
    assert '<form method="post" action="/community/answers"' in html
    return re.search(r'name="token" value="([0-9a-f]+)"', html).group(1)


def _weights(html: str) -> dict[str, str]:
    return dict(re.findall(r'class="community-weight" data-dimension="(\w+)">([^<]+)<', html))


def test_an_answer_is_stored_as_a_feedback_voice_and_moves_the_community_weight(
        site: Site) -> None:
    with signed_in(site, "analyst") as analyst:
        before = analyst.get("/overview", params={"area": AREA}).text
    with httpx.Client(base_url=site.url, timeout=120) as public:
        token = _form(public)
        answer = public.post("/community/answers", data={
            "token": token, "area": AREA, "verdict": "differs", "rank1": "health",
            "rank2": "food", "rank3": "", "consent": "yes",
            "missing": "No clinic since the rains; call me on +223 70 12 34 56"})
        assert answer.status_code == 303, answer.text
        assert answer.headers["location"].startswith(f"/community?area={AREA}&thanks=1")
        assert "Thank you" in public.get(answer.headers["location"]).text
    rows, total = store.search_voices(site.engine, VoiceFilter(channel="community_feedback",
                                                               area=AREA))
    assert total >= 1
    voice = next(r for r in rows if "No clinic" in r["text"])
    assert voice["text"].startswith("[ranking: differs]")
    assert "70 12 34 56" not in voice["text"]  # scrubbed like any other intake
    assert voice["reporter"] is None and list(voice["priorities"]) == ["health", "food"]
    assert store.latest_readings(site.engine, [voice["id"]])  # classified at once
    with signed_in(site, "analyst") as analyst:
        after = analyst.get("/overview", params={"area": AREA}).text
    assert "No clinic since the rains" in after  # the analyst reads it beside the ranking
    assert _weights(after)["health"] != _weights(before)["health"]
    assert float(_weights(after)["health"]) > float(_weights(before)["health"])


def test_small_counts_of_answers_stay_hidden_from_the_public(site: Site) -> None:
    with httpx.Client(base_url=site.url, timeout=120) as public:
        html = public.get("/community", params={"area": AREA}).text
    answered = html[html.index('id="answered-h"'):]
    answered = answered[: answered.index("</section>")]
    assert "fewer than" in answered and "No clinic" not in html


def test_a_forged_or_unconsented_answer_stores_nothing(site: Site) -> None:
    count = store.search_voices(site.engine, VoiceFilter(channel="community_feedback"))[1]
    with httpx.Client(base_url=site.url, timeout=120) as public:
        token = _form(public)
        data = {"area": AREA, "verdict": "matches", "consent": "yes"}
        # Another site posts without the form cookie's token: refused.
        assert public.post("/community/answers", data=data).status_code == 403
        assert public.post("/community/answers",
                           data={**data, "token": "0" * 32}).status_code == 403
        # No consent, or an area or threat that does not exist: the form again, 400.
        assert public.post("/community/answers",
                           data={**data, "token": token, "consent": ""}).status_code == 400
        assert public.post("/community/answers", data={
            **data, "token": token, "area": "XX99"}).status_code == 400
        assert public.post("/community/answers", data={
            **data, "token": token, "rank1": "weather"}).status_code == 400
    assert store.search_voices(site.engine, VoiceFilter(channel="community_feedback"))[1] \
        == count


@pytest.mark.parametrize("per_client", [2])
def test_answers_are_rate_limited_per_client_and_overall(per_client: int) -> None:
    limiter = AnswerLimiter(per_client=per_client, overall=3, window=60)
    assert limiter.allow("10.0.0.1", now=0) and limiter.allow("10.0.0.1", now=1)
    assert not limiter.allow("10.0.0.1", now=2)  # this client is over its limit
    assert limiter.allow("10.0.0.2", now=3)
    assert not limiter.allow("10.0.0.3", now=4)  # everyone together is over the limit
    assert limiter.allow("10.0.0.1", now=62)  # the window has moved on
    # Nothing about the client is kept in the clear.
    assert "10.0.0.1" not in repr(limiter.__dict__)
