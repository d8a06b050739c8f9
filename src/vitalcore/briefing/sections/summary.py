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
        sentences.append(
            loc.t(
                "summary.heard",
                scope=ctx.scope_name,
                voices=ctx.audience.count(loc, voices),
                sources=loc.number(len(ctx.sources)),
                channels=loc.number(len(ctx.channels)),
            )
        )
    findings: list[str] = []  # the alert, group and mandate sentences, when there are any
    if not frame.is_empty():
        top = frame.row(0, named=True)
        rest = [loc.dimension(d) for d in frame["dimension"][1:3].to_list()]
        values = {
            "first": loc.dimension(top["dimension"]),
            "score": loc.number(top["score"], 2),
            "share": loc.percent(top["voice_share"]),
        }
        key = "summary.top" if rest else "summary.top_alone"
        sentences.append(loc.t(key, rest=loc.join(rest), **values))
        findings.extend(_findings(ctx))
        severest = frame.sort(["severity", "rank"], descending=[True, False]).row(0, named=True)
        findings.append(
            loc.t(
                "summary.severest",
                dimension=loc.dimension(severest["dimension"]),
                severity=loc.number(severest["severity"], 1),
            )
        )
        weak = int(frame["low_evidence"].sum())
        if weak:
            findings.append(loc.t("summary.weak", n=loc.number(weak), k=ctx.audience.k))
    if ctx.channels and voices:
        channel, n = max(ctx.channels.items(), key=lambda kv: (kv[1], kv[0]))
        findings.append(
            loc.t("summary.channels", channel=loc.channel(channel), share=loc.percent(n / voices))
        )
    sentences.extend(findings)
    if not sentences:
        return None
    return Section(
        key="summary",
        title=loc.t("sections.summary"),
        paragraphs=(" ".join(sentences[:SENTENCES]),),
    )


def _findings(ctx: BriefingContext) -> list[str]:
    """Sentences from the alerts, the most exposed group and the mandate gap."""
    loc, out = ctx.loc, []
    found = ctx.alerts
    if found.height:
        latest = found.sort("last_signal", descending=True).row(0, named=True)
        out.append(
            loc.t(
                "summary.alert",
                n=loc.number(found.height),
                dimension=loc.dimension(latest["dimension"]),
                area=latest["area_pcode"],
                state=loc.t(f"alerts.state.{latest['state']}"),
            )
        )
    exposed = ctx.exposed_groups
    if exposed.height:
        g = exposed.row(0, named=True)
        name = loc.group(g["group"])
        out.append(
            loc.t(
                "summary.group",
                group=name[:1].upper() + name[1:] if loc.language == "en" else name,
                dimension=loc.dimension(g["label"]),
                rr=loc.number(g["rr"], 1),
            )
        )
    if isinstance(ctx.mandate, str):
        return out
    _, gap = ctx.mandate
    if unmandated := gap.unmandated():
        first = unmandated[0]
        subject = (
            loc.dimension(first.label) if first.kind == "dimension" else loc.group(first.label)
        )
        out.append(loc.t("summary.gap", subject=subject, rank=loc.number(first.community_rank)))
    return out
