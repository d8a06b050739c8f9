"""Places: the --area roll-up every command uses, and the place names to review.

    scope = workflow.area_scope(engine, "ML07")        # Gao region and every cercle in it
    voices = workflow.roll_up(frame, scope)            # its voices, counted as ML07
    workflow.unknown_places(engine)                    # names the gazetteer does not know
    workflow.place_conflicts(engine)                   # column and text disagree
    workflow.place_unplaced(engine)                    # place voices stored without area

An --area is a P-code at any level (cercle, region), a country code (ML) or a name the
gazetteer resolves ("Gao", by the rule of classify.gazetteer); it means that area and
every area under it (classify.hierarchy). Every workflow function that takes `area`
narrows with `area_scope` and, where it groups by area, counts the scope's voices under
the asked code with `roll_up`: one rule for rank, groups, alerts, spread, the mandate
gap, tiers, the briefing, the voice list and the API's filters.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import polars as pl
from sqlalchemy import Engine

from vitalcore import store
from vitalcore.classify.hierarchy import AreaHierarchy, AreaScope

if TYPE_CHECKING:
    # The gazetteer (its name tables) is imported where a place name is resolved, not
    # by every --area roll-up of the read commands.
    from vitalcore.classify.gazetteer import Gazetteer, PlaceMatcher


def place_matcher(engine: Engine) -> PlaceMatcher:
    """The store's areas, with the packaged Sahel/CAR gazetteer as fallback, as a
    matcher of place names in text and place fields (classify.gazetteer)."""
    from vitalcore.classify.gazetteer import PlaceMatcher, packaged_areas

    return PlaceMatcher(store.list_areas(engine), fallback=packaged_areas())


def gazetteer(engine: Engine) -> Gazetteer:
    """The resolver of place fields at ingest: the store's areas, then the packaged."""
    from vitalcore.classify.gazetteer import Gazetteer, packaged_areas

    return Gazetteer(store.list_areas(engine), fallback=packaged_areas())


def adopt_packaged_areas(engine: Engine, codes: Collection[str] | None = None) -> int:
    """Add to the store the packaged areas its voices were placed in, with their
    parents up to the country, so names, roll-up and maps know them; return how many.

    A voice naming Kidal in a store whose gazetteer lacks it is placed in the packaged
    Kidal; the store then learns Kidal (town), Kidal (region) and Mali, and nothing
    else of the packaged gazetteer (coverage and maps list the areas a mission has).
    `codes`: the areas just given to voices (else every voice's area is looked at).
    """
    from vitalcore.classify.gazetteer import packaged_areas

    packaged = {a.pcode: a for a in packaged_areas()}
    if codes is not None:
        held = {a.pcode for a in store.list_areas(engine)}
        unknown = {c for c in codes if c and c not in held and c in packaged}
    else:
        unknown = set(store.unknown_code_counts(engine))
    if not unknown:
        return 0
    tree = AreaHierarchy(packaged.values())
    wanted: dict[str, Any] = {}
    for code in unknown:
        if code in packaged:
            for pcode in (code, *tree.ancestors(code)):
                if pcode in packaged:
                    wanted[pcode] = packaged[pcode]
    return store.add_areas(engine, list(wanted.values())) if wanted else 0


def hierarchy(engine: Engine) -> AreaHierarchy:
    """The admin hierarchy of the store's gazetteer."""
    return AreaHierarchy(store.list_areas(engine))


def area_scope(engine: Engine, area: str | None) -> AreaScope | None:
    """The asked area and every P-code under it; None when no area was asked.

    A code the gazetteer holds (P-code or country) is taken as it is; else a name it
    resolves (accents, case, alternate names, fuzzy within the bound); else the code as
    given, alone (voices may carry a P-code the gazetteer lacks: see unknown_places).
    """
    if area is None or not area.strip():
        return None
    areas = store.list_areas(engine)
    tree = AreaHierarchy(areas)
    code = area.strip().upper()
    if code not in tree.areas and not tree.is_country(code) and areas:
        from vitalcore.classify.gazetteer import Gazetteer

        named = Gazetteer(areas).resolve(area)
        if named is not None:
            code = named
    return tree.scope(code)


def roll_up(frame: pl.DataFrame, scope: AreaScope | None,
            column: str = "area_pcode") -> pl.DataFrame:
    """The rows of the scope's areas, each counted under the asked code."""
    if scope is None:
        return frame
    return (frame.filter(pl.col(column).is_in(scope.pcodes))
            .with_columns(pl.lit(scope.code, dtype=pl.String).alias(column)))


def scope_codes(engine: Engine, area: str | None) -> tuple[str, ...] | None:
    """The P-codes an --area covers, for store reads; None when no area was asked."""
    scope = area_scope(engine, area)
    return scope.pcodes if scope else None


# --- review ----------------------------------------------------------------------------

def unknown_places(engine: Engine, *, file: str | None = None) -> list[dict[str, Any]]:
    """Place names given in a place column that the gazetteer does not resolve, and
    area P-codes it does not hold: what, how many voices, a few voice ids.

    Resolved against the gazetteer as it is now, so importing the missing areas empties
    the list. No reporter data: ids, counts and the place as given (scrubbed at ingest).
    `file` narrows to the voices of one ingested file (the ingest summary's count).
    """
    resolver = gazetteer(engine)
    names = {name: n for name, n in store.place_name_counts(engine, file=file).items()
             if resolver.resolve(name) is None}
    codes = store.unknown_code_counts(engine, file=file)
    examples = store.example_voice_ids(engine, place_names=list(names), codes=list(codes))
    rows = [{"place": name, "kind": "name", "voices": n, "example_voice_ids": examples[name]}
            for name, n in names.items()]
    rows += [{"place": code, "kind": "code", "voices": n, "example_voice_ids": examples[code]}
             for code, n in codes.items()]
    rows.sort(key=lambda r: (-r["voices"], r["place"]))
    return rows


def place_conflicts(engine: Engine) -> list[dict[str, Any]]:
    """Voices whose place column and text name unrelated areas, with both areas' names."""
    names = {a.pcode: a.name for a in store.list_areas(engine)}
    return [{**row, "given_name": names.get(row["given_pcode"]),
             "text_name": names.get(row["text_pcode"])}
            for row in store.place_conflict_rows(engine)]


def place_unplaced(engine: Engine, places: PlaceMatcher | None = None) -> int:
    """Place voices stored without an area, by the policy of classification
    (coordinates, then the place column, then the text); return how many were placed.

    Run when areas are imported after voices, so that a gazetteer that arrives late
    still places what came before it; a voice already placed is never moved.
    """
    from vitalcore.classify.gazetteer import place_of
    from vitalcore.classify.text import clean

    places = places or place_matcher(engine)
    placed = 0
    for chunk in store.unplaced_voices(engine):
        found = places.find_batch([f" {clean(v['text'])} " for v in chunk])
        found_areas: dict[str, str] = {}
        conflicts = []
        for voice, text_area in zip(chunk, found, strict=True):
            area, clash = place_of(voice, text_area, places)
            if area:
                found_areas[voice["id"]] = area
            if area and clash:
                conflicts.append({"voice_id": voice["id"], "given_pcode": area,
                                  "text_pcode": clash})
        placed += store.complete_voice_areas(engine, found_areas)
        store.add_place_conflicts(engine, conflicts)
        adopt_packaged_areas(engine, set(found_areas.values()))
    return placed



def search_voices(engine: Engine, filters: store.VoiceFilter, *, limit: int = 50,
                  offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """Voices matching `filters` (store.search_voices), the area rolled up: a region's
    voice list holds the voices of its cercles."""
    scope = area_scope(engine, filters.area)
    if scope is not None:
        filters = replace(filters, areas=scope.pcodes)
    return store.search_voices(engine, filters, limit=limit, offset=offset)
