"""Actions: record, import and list them; estimate their effects (difference in
differences) and flag unintended rises."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from datetime import date
from pathlib import Path

import polars as pl
from pydantic import ValidationError
from sqlalchemy import Engine

from vitalcore import analysis, store
from vitalcore.analysis.effects import POST_DAYS, PRE_DAYS, Effect
from vitalcore.domain import Action, content_key
from vitalcore.workflow.places import scope_codes
from vitalcore.workflow.warning import neighbours

ACTION_COLUMNS = ("action_id", "kind", "area_pcode", "dimension", "start", "end",
                  "description")


def record_action(
    engine: Engine,
    *,
    area: str,
    dimension: str,
    kind: str,
    start: date,
    end: date | None = None,
    description: str = "",
    who: str | None = None,
    action_id: str | None = None,
) -> Action:
    """Validate and store one action (the same action twice is stored once)."""
    action = Action(
        id=action_id or content_key(area, dimension, kind, start, end, description),
        area_pcode=area.upper(), dimension=dimension, kind=kind, start=start, end=end,
        description=description, recorded_by=who,
    )
    store.add_actions(engine, [action])
    return action


def read_actions(path: Path, *, who: str | None = None) -> list[Action]:
    """Actions from a CSV (action_id,kind,area_pcode,dimension,start,end,description)."""
    out = []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in ACTION_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path.name}: missing column(s) {', '.join(missing)}")
        for row_no, row in enumerate(reader, start=1):
            values = {k: (row.get(k) or "").strip() for k in ACTION_COLUMNS}
            try:
                out.append(Action(
                    id=values["action_id"] or content_key(*values.values()),
                    area_pcode=values["area_pcode"], dimension=values["dimension"],
                    kind=values["kind"], start=values["start"], end=values["end"] or None,
                    description=values["description"], recorded_by=who,
                ))
            except ValidationError as exc:
                error = exc.errors()[0]
                field = ".".join(str(p) for p in error["loc"]) or "row"
                raise ValueError(
                    f"{path.name}, row {row_no}, field {field}: {error['msg']}") from None
    return out


def import_actions(engine: Engine, path: str | Path, *, who: str | None = None) -> int:
    """Load an actions CSV; return how many actions were new. Nothing is stored when a
    row is bad (the error names the file, row and field)."""
    return store.add_actions(engine, read_actions(Path(path), who=who))


def actions(engine: Engine, *, area: str | None = None) -> list[Action]:
    """Recorded actions, oldest first; with `area`, of it and every area under it."""
    return store.list_actions(engine, area=scope_codes(engine, area))


@dataclass(frozen=True)
class ActionEffect:
    """The effect on the actions' own dimension, and labels that rose after them."""

    actions: tuple[Action, ...]
    effect: Effect
    unintended: tuple[Effect, ...]
    excluded_neighbours: tuple[str, ...]

    @property
    def action(self) -> Action:
        """The first action measured (the only one when a single id was given)."""
        return self.actions[0]


def action_effect(
    engine: Engine,
    action_ids: str | Sequence[str],
    *,
    pre_days: int = PRE_DAYS,
    post_days: int = POST_DAYS,
    comparison: Sequence[str] | None = None,
    exclude_neighbours: bool = True,
    memo: bool = False,
) -> ActionEffect:
    """Difference in differences for one action, or several that began on the same day
    about the same dimension (their areas pooled as the treated group); labels whose
    voices rose after it are flagged. `comparison` names the comparison areas (default:
    every other area with voices, less the treated areas' neighbours). With `memo`, the
    estimates are kept for the data version (workflow/kept.py)."""

    ids = [action_ids] if isinstance(action_ids, str) else list(action_ids)
    found = []
    for action_id in ids:
        action = store.get_action(engine, action_id)
        if action is None:  # a prefix, as `vitalcore actions list` prints long ids
            matches = [a for a in store.list_actions(engine) if a.id.startswith(action_id)]
            if len(matches) > 1:
                raise KeyError(f"action id prefix {action_id!r} is ambiguous "
                               f"({', '.join(a.id for a in matches[:3])}): give more of it")
            if not matches:
                raise KeyError(f"no action with id {action_id!r}: see `vitalcore actions list`")
            action = matches[0]
        found.append(action)
    first = found[0]
    odd = [a.id for a in found if (a.start, a.dimension) != (first.start, first.dimension)]
    if odd:
        raise ValueError(f"actions {', '.join(odd)} do not share the start {first.start} and "
                         f"dimension {first.dimension.value} of {first.id}: estimate them apart")
    if memo:
        from vitalcore.workflow.kept import kept_result

        options = {"actions": [(a.id, a.area_pcode, a.dimension.value, a.start) for a in found],
                   "pre_days": pre_days, "post_days": post_days,
                   "comparison": None if comparison is None else list(comparison),
                   "exclude_neighbours": exclude_neighbours}
        frames = kept_result(engine, "action_effect", options, lambda: _effect_frames(
            _estimate(engine, found, pre_days=pre_days, post_days=post_days,
                      comparison=comparison, exclude_neighbours=exclude_neighbours)))
        return _from_frames(found, frames)
    return _estimate(engine, found, pre_days=pre_days, post_days=post_days,
                     comparison=comparison, exclude_neighbours=exclude_neighbours)


_DTYPES = {"str": pl.String, "date": pl.Date, "int": pl.Int64, "float": pl.Float64}


def _effect_frames(result: ActionEffect) -> list[pl.DataFrame]:
    """The estimates as frames (what the kept results hold): the effect, the rises, the
    neighbours left out."""
    schema = {f.name: _DTYPES[str(f.type).split(" |")[0]] for f in fields(Effect)}
    effect = pl.DataFrame([asdict(result.effect)], schema=schema)
    rises = pl.DataFrame([asdict(e) for e in result.unintended], schema=schema)
    return [effect, rises, pl.DataFrame({"area": list(result.excluded_neighbours)},
                                        schema={"area": pl.String})]


def _from_frames(found: list[Action], frames: list[pl.DataFrame]) -> ActionEffect:
    effect, rises, excluded = frames
    return ActionEffect(tuple(found), Effect(**effect.row(0, named=True)),
                        tuple(Effect(**row) for row in rises.iter_rows(named=True)),
                        tuple(excluded["area"].to_list()))


def _estimate(engine: Engine, found: list[Action], *, pre_days: int, post_days: int,
              comparison: Sequence[str] | None, exclude_neighbours: bool) -> ActionEffect:
    first = found[0]
    treated = sorted({a.area_pcode for a in found})
    counts = store.daily_label_counts(engine, kind="dimension")
    threats = store.daily_label_counts(engine, kind="threat")
    excluded: tuple[str, ...] = ()
    if exclude_neighbours and comparison is None:
        # Neighbours may feel the action too (a patrol displaces an armed group): keep
        # them out of the comparison so spill-over does not bias it.
        adjacency = neighbours(engine)
        near = {b for area in treated for b in adjacency.of(area)}
        excluded = tuple(sorted(near - set(treated)))
    own = counts.filter(pl.col("label") == first.dimension.value)
    effect = analysis.estimate_effect(
        own, label=first.dimension.value, area=treated, start=first.start,
        pre_days=pre_days, post_days=post_days, comparison=comparison, exclude=excluded)
    rises = analysis.unintended_effects(
        pl.concat([counts, threats]), area=treated, start=first.start, pre_days=pre_days,
        post_days=post_days, comparison=comparison, exclude=excluded)
    return ActionEffect(tuple(found), effect, tuple(rises), excluded)
