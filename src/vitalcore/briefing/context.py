"""Everything a briefing's sections read, fetched once through the public workflow."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import polars as pl
from sqlalchemy import Engine

from vitalcore import store, workflow
from vitalcore.analysis.vital_core import OVERALL
from vitalcore.i18n import Locale
from vitalcore.briefing.period import Period


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
    def areas(self) -> pl.DataFrame:
        return store.areas_frame(self.engine)

    @cached_property
    def scope_name(self) -> str:
        if not self.area:
            return self.loc.t("all_areas")
        match = self.areas.filter(pl.col("pcode") == self.area)
        return f"{match['name'][0]} ({self.area})" if match.height else self.area

    @cached_property
    def model_version(self) -> str | None:
        return store.latest_model_version(self.engine)

    @cached_property
    def vital_core_all(self) -> pl.DataFrame:
        """The vital core of every area and overall, for the map and the scope table."""
        return workflow.vital_core(self.engine)

    @cached_property
    def vital_core(self) -> pl.DataFrame:
        """The ranked threats of the briefing's scope, most vital first."""
        frame = self.vital_core_all.filter(pl.col("area_pcode") == self.scope_code)
        return frame.sort("rank")

    @cached_property
    def channels(self) -> dict[str, int]:
        return store.count_voices_by(
            self.engine, "channel", area=self.area,
            since=self.period.since, until=self.period.until,
        )

    @cached_property
    def sources(self) -> dict[str, int]:
        return store.count_voices_by(
            self.engine, "source", area=self.area,
            since=self.period.since, until=self.period.until,
        )
