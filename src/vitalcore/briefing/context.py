"""Everything a briefing's sections read, fetched once through the public workflow."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import polars as pl
from sqlalchemy import Engine

from vitalcore import workflow
from vitalcore.briefing.period import Period
from vitalcore.i18n import Locale
from vitalcore.workflow import OVERALL, MandateGap


@dataclass(frozen=True)
class Audience:
    """Who reads it: the mission itself, or people beyond it (headquarters, Council)."""

    beyond_mission: bool
    k: int  # cells with fewer voices are suppressed for audiences beyond the mission

    def count(self, loc: Locale, n: int) -> str:
        if self.beyond_mission and 0 < n < self.k:
            return loc.t("method.suppressed", k=self.k)
        return loc.number(n)


@dataclass
class BriefingContext:
    engine: Engine
    loc: Locale
    area: str | None
    period: Period
    audience: Audience

    @cached_property
    def scope_code(self) -> str:
        return self.area or OVERALL

    @cached_property
    def area_codes(self) -> tuple[str, ...]:
        """The briefing's area and every area under it (a region's cercles); () for all."""
        return workflow.scope_codes(self.engine, self.area) or ()

    @cached_property
    def areas(self) -> pl.DataFrame:
        return workflow.areas_frame(self.engine)

    @cached_property
    def scope_name(self) -> str:
        if not self.area:
            return self.loc.t("all_areas")
        match = self.areas.filter(pl.col("pcode") == self.area)
        return f"{match['name'][0]} ({self.area})" if match.height else self.area

    @cached_property
    def model_version(self) -> str | None:
        return workflow.latest_model_version(self.engine)

    @cached_property
    def vital_core_all(self) -> pl.DataFrame:
        """The vital core (with intervals) of every area and overall, over the period."""
        return workflow.rank_threats(self.engine, since=self.period.since,
                                     until=self.period.until)

    @cached_property
    def vital_core(self) -> pl.DataFrame:
        """The ranked threats of the briefing's scope, most vital first."""
        if self.area:  # rolled up: the area's voices and those of every area under it
            frame = workflow.rank_threats(self.engine, area=self.area,
                                          since=self.period.since, until=self.period.until)
        else:
            frame = self.vital_core_all.filter(pl.col("area_pcode") == self.scope_code)
        return frame.sort("rank")

    def within(self, frame: pl.DataFrame, column: str) -> pl.DataFrame:
        """Rows of `frame` whose date `column` falls in the briefing's period."""
        start, end = self.period.since, self.period.until
        keep = pl.lit(True)
        if start is not None:
            keep = keep & (pl.col(column) >= start.date())
        if end is not None:
            keep = keep & (pl.col(column) < end.date())
        return frame.filter(keep)

    def in_scope(self, frame: pl.DataFrame, column: str = "area_pcode") -> pl.DataFrame:
        """Rows of the briefing's area or of an area under it."""
        return frame.filter(pl.col(column).is_in(self.area_codes)) if self.area else frame

    @cached_property
    def channels(self) -> dict[str, int]:
        return workflow.count_voices_by(
            self.engine, "channel", area=self.area_codes or None,
            since=self.period.since, until=self.period.until,
        )

    @cached_property
    def sources(self) -> dict[str, int]:
        return workflow.count_voices_by(
            self.engine, "source", area=self.area_codes or None,
            since=self.period.since, until=self.period.until,
        )

    @cached_property
    def alerts(self) -> pl.DataFrame:
        """The alerts whose episode touches the period, open ones first, newest first."""
        table = self.in_scope(workflow.alerts(self.engine, area=self.area, threats=False))
        if self.period.until is not None:
            table = table.filter(pl.col("first_signal") < self.period.until.date())
        if self.period.since is not None:
            table = table.filter(pl.col("last_signal") >= self.period.since.date())
        return table.sort(["state", "last_signal"], descending=[False, True])

    @cached_property
    def exposed_groups(self) -> pl.DataFrame:
        """Groups exposed to a dimension beyond the other voices, strongest first."""
        table = workflow.group_vulnerability(self.engine, area=self.area,
                                             since=self.period.since, until=self.period.until)
        return table.filter(pl.col("disproportionate") & ~pl.col("low_evidence")).sort(
            ["rr", "group", "label"], descending=[True, False, False])

    @cached_property
    def mandate(self) -> tuple[dict, MandateGap] | str:
        """(the stored mandate, its gap), or why none could be compared."""
        try:
            return workflow.mandate_gap(
                self.engine, area=self.area,
                since=self.period.since.date() if self.period.since else None,
                until=self.period.last_day,
            )
        except (workflow.MandateNotFound, workflow.NoVoices) as err:
            return str(err)
