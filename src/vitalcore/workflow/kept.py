"""Analysis results kept in the store per data version, shared by the read commands.

`resilience`, `tiers` and `mandate gap` each start from the vital-core ranking, and
`resilience` and `tiers` from the same capacity evidence (and `rank`, `chains`,
`rumours`, `mandate renewals` from results of their own); every one of them used to
compute these again, for each option that only changes what is printed (--wide, --top,
--gaps, --lang, --json). With `memo=True` (what the CLI passes) the workflow reads them
from the store when they were computed for the same data and the same options, and
keeps them when not (store/kept.py, `keep_frames`): keyed by the data version
(`memo_version`: any change of voices, readings, model, areas, ... makes them computed
again), the analysis and every option of it, and the code of vitalcore; dropped with
the kept outputs by new data and by an erasure. `vitalcore demo` keeps those of the
default options (`keep_read_results`) so that a first command after it reads them.

VITALCORE_KEEP=0 turns this off, as it turns off the kept outputs (cli/kept.py).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vitalcore import store

if TYPE_CHECKING:  # a kept output is printed without polars: cli/kept.py reads the code
    import polars as pl  # version from here
    from sqlalchemy import Engine

PACKAGE = Path(__file__).resolve().parent.parent


def enabled() -> bool:
    """Whether read commands keep and read kept results (VITALCORE_KEEP is not 0)."""
    return os.environ.get("VITALCORE_KEEP", "1") != "0"


def kept_result(engine: Engine, name: str, options: Mapping[str, Any],
                compute: Callable[[], list[pl.DataFrame]]) -> list[pl.DataFrame]:
    """The frames `compute()` gives, read from the store when they were kept for this
    data version under `name` and `options` (every argument the result depends on),
    else computed and kept. A store that cannot keep (read-only) still gets its result."""
    if not enabled():
        return compute()
    try:
        version = store.memo_version(engine)
        key = result_key(name, options)
        found = store.kept_frames(engine, key, version)
    except Exception:  # noqa: BLE001 - no memo (an old store, a read-only copy): compute
        return compute()
    if found is not None:
        return found
    frames = compute()
    with contextlib.suppress(Exception):
        store.keep_frames(engine, key, version, frames)
    return frames


def result_key(name: str, options: Mapping[str, Any]) -> str:
    """The memo key of an analysis with its options under this code (64 characters)."""
    text = "\n".join((name, repr(sorted(options.items())), code_version()))
    return store.MEMO + hashlib.sha256(text.encode()).hexdigest()[:64 - len(store.MEMO)]


@functools.cache
def code_version() -> str:
    """Every file of vitalcore by size and modification time, and the installed version
    of every library vitalcore requires: an edited analysis or an upgraded polars never
    reads a result kept before. Only the required libraries count, so installing the
    test tools (`pip install -e .[dev]`) after `vitalcore demo` keeps the demo's results."""
    digest = hashlib.sha256(sys.version.encode())
    for root, folders, files in os.walk(PACKAGE):
        folders[:] = sorted(f for f in folders if f != "__pycache__")
        for name in sorted(files):
            stat = os.stat(os.path.join(root, name))
            digest.update(f"{root}/{name}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    for installed in library_versions():
        digest.update(installed.encode())
    return digest.hexdigest()


def library_versions() -> list[str]:
    """The installed `name-version.dist-info` folders of vitalcore's required libraries
    (its own metadata's Requires-Dist without an extra), in every site-packages folder;
    every installed library when vitalcore's metadata is not found (run from a source
    tree). importlib.metadata would take 40 ms to say the same."""
    folders = [entry for entry in sys.path if entry.endswith(("site-packages", "dist-packages"))]
    listed: list[str] = []
    for folder in folders:
        with contextlib.suppress(OSError):
            listed += [n for n in os.listdir(folder) if n.endswith(".dist-info")]
    required = _required(folders, listed)
    return sorted(n for n in listed if required is None or _project(n) in required)


def _project(dist_info: str) -> str:
    """A dist-info folder's project (the wheel spec writes `-`, `.` in a name as `_`)."""
    return dist_info.split("-", 1)[0].lower()


def _required(folders: list[str], listed: list[str]) -> set[str] | None:
    own = [n for n in listed if _project(n) == "vitalcore"]
    for folder in folders:
        for name in own:
            with contextlib.suppress(OSError):
                text = Path(folder, name, "METADATA").read_text(encoding="utf-8")
                return {re.sub(r"[-.]+", "_", found.group(0)).lower()
                        for line in text.splitlines()
                        if line.startswith("Requires-Dist:") and "extra ==" not in line
                        and (found := re.match(r"[A-Za-z0-9._-]+", line[14:].strip()))}
    return None


def keep_read_results(engine: Engine, *, areas: Sequence[str] = ()) -> None:
    """Keep the results the read commands start from with their default options, so
    that their first run after new data reads them, whatever it prints: the ranking,
    the capacity evidence, the group exposure, the community's side of the mandate gap,
    the claim clusters, the chain reports on dimensions and threat types, the three
    tiers, each recorded action's effect; the ranking with its bootstrap intervals and
    the coverage report for the store and each of `areas` (what `rank` prints); each
    stored mission's renewals.
    The stored weekly alerts are refreshed beside the daily ones (`alerts --weekly`)
    even when VITALCORE_KEEP=0 keeps nothing."""
    from vitalcore.workflow.actions import action_effect
    from vitalcore.workflow.bottom_up import (
        capacity_evidence,
        coverage_report,
        group_vulnerability,
        rank_threats,
    )
    from vitalcore.workflow.credibility import claim_clusters
    from vitalcore.workflow.interlinks import threat_chains
    from vitalcore.workflow.mandate import (
        MandateNotFound,
        community_priorities,
        mandate_renewals,
    )
    from vitalcore.workflow.tiers import tier_report
    from vitalcore.workflow.warning import alerts

    alerts(engine, freq="week")
    if not enabled():
        return
    rank_threats(engine, replicates=0, memo=True)
    for area in (None, *areas):
        rank_threats(engine, area=area, memo=True)
        coverage_report(engine, area=area, memo=True)
    for mission in sorted(set(store.mandates_frame(engine)["mission"].drop_nulls().to_list())):
        with contextlib.suppress(MandateNotFound):  # a mission without adoption dates
            mandate_renewals(engine, mission=mission, memo=True)
    capacity_evidence(engine, memo=True)
    for labels in ("dimensions", "threats"):
        group_vulnerability(engine, labels=labels, memo=True)
    community_priorities(engine, memo=True)
    claim_clusters(engine, memo=True)
    for labels in ("dimensions", "threats"):
        threat_chains(engine, labels=labels, memo=True)
    tier_report(engine, memo=True)
    for action in store.list_actions(engine):
        with contextlib.suppress(KeyError, ValueError):  # too few days around it
            action_effect(engine, action.id, memo=True)
