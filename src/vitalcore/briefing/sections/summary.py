"""Five sentences, each generated from a figure the analyses computed; none invented.

A sentence whose figure is missing is left out rather than guessed.
"""

from __future__ import annotations

from vitalcore.briefing.context import BriefingContext
from vitalcore.briefing.model import Section

SENTENCES = 5


def build(ctx: BriefingContext) -> Section | None:
    loc, frame = ctx.loc, ctx.vital_core
    sentences: list[str] = []
    voices = sum(ctx.channels.values())
    if voices:
        sentences.append(loc.t(
            "summary.heard", scope=ctx.scope_name, voices=ctx.audience.count(loc, voices),
            sources=loc.number(len(ctx.sources)), channels=loc.number(len(ctx.channels)),
        ))
    if not frame.is_empty():
        top = frame.row(0, named=True)
        rest = [loc.dimension(d) for d in frame["dimension"][1:3].to_list()]
        values = {"first": loc.dimension(top["dimension"]), "score": loc.number(top["score"], 2),
                  "share": loc.percent(top["voice_share"])}
        key = "summary.top" if rest else "summary.top_alone"
        sentences.append(loc.t(key, rest=loc.join(rest), **values))
        severest = frame.sort(["severity", "rank"], descending=[True, False]).row(0, named=True)
        sentences.append(loc.t("summary.severest", dimension=loc.dimension(severest["dimension"]),
                               severity=loc.number(severest["severity"], 1)))
        weak = int(frame["low_evidence"].sum())
        if weak:
            sentences.append(loc.t("summary.weak", n=loc.number(weak), k=ctx.audience.k))
    if ctx.channels and voices:
        channel, n = max(ctx.channels.items(), key=lambda kv: (kv[1], kv[0]))
        sentences.append(loc.t("summary.channels", channel=loc.channel(channel),
                               share=loc.percent(n / voices)))
    if not sentences:
        return None
    return Section(key="summary", title=loc.t("sections.summary"),
                   paragraphs=(" ".join(sentences[:SENTENCES]),))
