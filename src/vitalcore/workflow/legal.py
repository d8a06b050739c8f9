"""The situation (kind of conflict, State) on a store, and the law that follows from it.

    workflow.set_situation(engine, country="ML", conflict="non_international",
                           since=date(2012, 1, 17))
    situation = workflow.current_situation(engine)          # a law.Situation
    workflow.legal_citations(engine, "dimension", "personal")  # for the mandate gap

Every output that shows law (law, tiers, mandate gap, briefings, dashboard) reads the
situation here, so a mission in Mali sees Common Article 3 and war crimes, not the
peacetime default. No situation stored: peacetime, with a note saying so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from sqlalchemy import Engine

from vitalcore import law, store

CONFLICTS = ("none", *law.CONFLICT_KINDS)


class SituationError(ValueError):
    """A situation that cannot be recorded (unknown conflict kind, bad country code)."""


@dataclass(frozen=True)
class CurrentSituation:
    situation: law.Situation
    record: dict[str, Any] | None  # the stored version it comes from; None: default
    note: str | None  # why the default was used


def set_situation(engine: Engine, *, country: str, conflict: str, since: date,
                  state: str | None = None, area: str | None = None,
                  until: date | None = None, ap2_threshold: bool | None = None,
                  note: str | None = None, recorded_by: str | None = None) -> int:
    """Record a new version of the situation of a country (or one of its areas), and the
    change in the audit log."""
    country = country.strip().upper()
    if len(country) != 2 or not country.isalpha():
        raise SituationError(f"--country must be an ISO 3166 alpha-2 code such as ML, "
                             f"not {country!r}")
    if conflict not in CONFLICTS:
        raise SituationError(f"--conflict must be one of {', '.join(CONFLICTS)}, "
                             f"not {conflict!r}")
    if until is not None and until < since:
        raise SituationError("--until is before --since")
    if area and not area.upper().startswith(country):
        raise SituationError(f"area {area} is not in country {country} (P-codes start "
                             "with the country code)")
    new_id = store.add_situation(engine, country=country, conflict=conflict,
                                 state=(state or country).upper(), since=since,
                                 area_pcode=area.upper() if area else None, until=until,
                                 ap2_threshold=ap2_threshold, note=note,
                                 recorded_by=recorded_by)
    # It changes the law every output shows: a privileged change, so audited.
    store.write_audit(engine, store.AuditEntry(
        actor=recorded_by or "unknown", role="admin", action="situation_set",
        subject=area.upper() if area else country, reason=note,
        detail={"id": new_id, "conflict": conflict, "state": (state or country).upper(),
                "since": since.isoformat(), "until": until.isoformat() if until else None,
                "ap2_threshold": ap2_threshold}))
    return new_id


def set_situation_once(engine: Engine, **kwargs: Any) -> bool:
    """`set_situation` unless a situation is already recorded for that country (so that a
    re-run, e.g. of the demo, stores nothing new and never overrides an analyst's)."""
    country = str(kwargs["country"]).strip().upper()
    if any(r["country"] == country for r in store.list_situations(engine)):
        return False
    set_situation(engine, **kwargs)
    return True


def list_situations(engine: Engine) -> list[dict[str, Any]]:
    """Every recorded version, oldest first."""
    return store.list_situations(engine)


def _as_situation(row: dict[str, Any], on: date) -> law.Situation:
    conflict = row["conflict"]
    return law.Situation(
        armed_conflict=conflict != "none",
        conflict_kind=None if conflict == "none" else cast(law.ConflictKind, conflict),
        state=row["state"], ap2_threshold=row["ap2_threshold"], on=on,
    ).resolved()


def current_situation(engine: Engine, *, country: str | None = None,
                      area: str | None = None, on: date | None = None,
                      recorded: list[dict[str, Any]] | None = None) -> CurrentSituation:
    """The situation in force on `on` (default today): the newest version recorded for the
    area (or the nearest parent area), else for its country; without a country, the
    country of the area, else the one country recorded (several: the newest).
    `recorded`: the store's situations when the caller read them already (one read for
    the many areas of a tier report)."""
    on = on or date.today()
    recorded = store.list_situations(engine) if recorded is None else recorded
    rows = [r for r in recorded
            if r["since"] <= on and (r["until"] is None or r["until"] >= on)]
    if area and not country:
        country = area[:2]
    if country:
        rows = [r for r in rows if r["country"] == country.upper()]
    # An area's own situation (the most specific P-code prefix), else its country's; a
    # situation recorded for another area never applies.
    area_rows = [r for r in rows if r["area_pcode"]
                 and area and area.upper().startswith(r["area_pcode"])]
    pick = area_rows or [r for r in rows if not r["area_pcode"]]
    if not pick:
        return CurrentSituation(law.Situation(on=on), None,
                                "no situation recorded (vitalcore situation set): the law "
                                "shown is the peacetime default")
    best = max(pick, key=lambda r: (len(r["area_pcode"] or ""), r["id"]))
    return CurrentSituation(_as_situation(best, on), best, None)


def legal_grounding(engine: Engine | None, subject: str, *,
                    situation: law.Situation | None = None, country: str | None = None
                    ) -> law.LegalGrounding:
    """`law.lookup` in the given situation, else the stored one (engine), else peacetime."""
    if situation is None and engine is not None:
        situation = current_situation(engine, country=country).situation
    return law.lookup(subject, situation)


def legal_citations(engine: Engine, kind: str, label: str, *, area: str | None = None,
                    limit: int = 8) -> list[str]:
    """Citations for a gap's subject (a dimension or group) in the stored situation."""
    situation = current_situation(engine, area=area).situation
    return law.citations_for_subject(kind, label, situation, limit=limit)


def current_mandate(engine: Engine) -> dict[str, Any] | None:
    """The newest stored mandate (mission and symbol), or None."""
    frame = store.mandates_frame(engine)
    if frame.is_empty():
        return None
    row = frame.sort("adopted_on", nulls_last=False).row(-1, named=True)
    return {"mission": row["mission"], "symbol": row["symbol"]}


def situations_version(engine: Engine) -> str:
    """Changes whenever a situation is recorded (rows are added, never edited): for the
    dashboard's memo, whose data version does not see situations."""
    rows = store.list_situations(engine)
    return f"{len(rows)}|{rows[-1]['id'] if rows else 0}"


def unverified_citations() -> list[law.ReviewItem]:
    """Citations awaiting a legal officer's review (law/review.yaml)."""
    return law.review_items(unverified_only=True)
