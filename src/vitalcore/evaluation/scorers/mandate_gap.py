"""mandate_gap_found: does the gap analysis find the concern the mandate leaves out?

The simulator's mandate.txt covers every community top concern but one, recorded in
truth.json as `mandate.omitted_concern`. The scorer reads that file the way an analyst
would (parse, classify tasks) without storing it, compares it with the voices in the
store (workflow.draft_gap over all areas and the whole period), and reports:

    mandate_gap_found       True when, of the truth's community top concerns, exactly
                            the omitted one has no mandated task
    mandate_gap_rank        the omitted concern's place in the ranked gap list (1 = first)
    mandate_gap_unmandated  every dimension the analysis found unmandated
"""

from __future__ import annotations

from vitalcore.evaluation.scoring import ScoringContext
from vitalcore.workflow.mandate import NoVoices, draft_gap


def score(ctx: ScoringContext) -> dict[str, object]:
    planted = dict(ctx.truth.get("mandate") or {})
    # Nothing to score (no planted mandate, or no classified voices to compare with):
    # return no key, so that the framework reports the key as not scored.
    if not planted.get("file") or not planted.get("omitted_concern"):
        return {}
    try:
        _, gap = draft_gap(ctx.engine, ctx.scenario_dir / planted["file"])
    except NoVoices:
        return {}
    omitted = planted["omitted_concern"]
    ranked = [g.label for g in gap.gaps if g.kind == "dimension"]
    unmandated = [g.label for g in gap.gaps if g.kind == "dimension" and g.unmandated]
    flagged = [c for c in planted.get("community_top_concerns", []) if c in unmandated]
    return {
        "mandate_gap_found": flagged == [omitted],
        "mandate_gap_rank": ranked.index(omitted) + 1 if omitted in ranked else None,
        "mandate_gap_unmandated": unmandated,
    }
