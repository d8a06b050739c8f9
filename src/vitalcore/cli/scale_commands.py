"""vitalcore scale classify|load|aggregate|run: the pipeline on a Dask cluster."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vitalcore import workflow
from vitalcore.cli.common import (
    DbOption,
    JsonOption,
    console,
    example,
    fail,
    print_json,
    progress_bar,
)
from vitalcore.cli.rank_commands import print_vital_core
from vitalcore.config import database_url
from vitalcore.vocabulary import Channel

if TYPE_CHECKING:
    import polars as pl

app = typer.Typer(
    help="The same pipeline on a Dask cluster: shards -> Parquet partitions -> the store.",
    epilog=example(
        "vitalcore scale run shards/ --out scaled/ --db postgresql+psycopg://vitalcore@db/mission",
        "vitalcore scale classify shards/ --out scaled/ --scheduler tcp://dask-scheduler:8786",
    ),
    no_args_is_help=True,
)

SchedulerOption = Annotated[
    str | None,
    typer.Option(
        help="Address of a running Dask scheduler (tcp://host:8786). "
        "Default: a local cluster of --workers processes.",
        envvar="VITALCORE_DASK_SCHEDULER", show_default=False,
    ),
]
WorkersOption = Annotated[
    int, typer.Option(min=1, help="Worker processes of the local cluster (no --scheduler).")
]
OutOption = Annotated[
    Path, typer.Option("--out", help="Folder of the Parquet output (date=/country= partitions).")
]
InputsArgument = Annotated[
    list[Path], typer.Argument(help="Shard files or folders of shards (CSV, NDJSON, Parquet).")
]
MappingOption = Annotated[
    str, typer.Option(help="A shipped mapping's name or a YAML mapping file.")
]
ChannelOption = Annotated[
    Channel | None, typer.Option(help="Channel of the rows that name none.")
]
SourceOption = Annotated[
    str | None, typer.Option(help="Source of the rows that name none (default: file name).")
]
ForceOption = Annotated[
    bool, typer.Option(help="Reload partitions whose content the ledger already holds.")
]
DeferIndexesOption = Annotated[
    bool,
    typer.Option(
        help="PostgreSQL: set the loaded tables' read indexes aside during the load and "
        "build them once at the end; faster for a large first load. Reads are slower "
        "until they are built. A load that dies leaves them aside: run it again.",
    ),
]


def _shards(inputs: list[Path]) -> int:
    """How many shards; checked before a cluster starts, so a typo fails fast."""
    from vitalcore.workflow.scale import shard_count

    try:
        return shard_count(inputs)
    except ValueError as err:
        raise fail(str(err)) from None


def _key() -> None:
    """The privacy key must be here before a cluster starts: the workers need the same."""
    from vitalcore import privacy  # cryptography where a key is read

    try:
        privacy.load_key()
    except privacy.KeyMissingError as err:
        raise fail(str(err)) from None


def _partitions(out: Path) -> int:
    from vitalcore.scale import dataset
    from vitalcore.workflow.scale import partition_count

    if not (out / dataset.MANIFESTS).is_dir():
        raise fail(f"{out}: not an output folder of `vitalcore scale classify` (no manifests)")
    try:
        return partition_count(out)
    except ValueError as err:
        raise fail(str(err)) from None


def _classify(client, inputs: list[Path], out: Path, db: str | None, mapping: str,  # noqa: ANN001
              channel: Channel | None, source: str | None) -> workflow.ClassifyReport:
    from vitalcore import privacy  # cryptography where a key is read
    from vitalcore.scale.classify import IngestSettings

    total = _shards(inputs)
    engine = workflow.open(db)  # the gazetteer that resolves place names
    settings = IngestSettings(mapping=mapping, channel=channel, source=source)
    try:
        with progress_bar("classify shards", total) as advance:
            report = workflow.scale_classify(client, inputs, out, engine=engine,
                                             settings=settings, progress=advance)
    except (privacy.KeyMissingError, privacy.KeyMismatchError) as err:
        raise fail(str(err)) from None
    finally:
        engine.dispose()
    console.print(report.line(), highlight=False)
    return report


def _check_defer(db: str | None, defer_indexes: bool) -> None:
    if defer_indexes and database_url(db).startswith("sqlite"):
        raise fail("--defer-indexes is for PostgreSQL; a SQLite store keeps its indexes "
                   "during a load")


def _load(client, out: Path, db: str | None, force: bool,  # noqa: ANN001
          defer_indexes: bool = False) -> None:
    url = database_url(db)
    with progress_bar("load partitions", _partitions(out)) as advance:
        report = workflow.scale_load(client, out, url, force=force,
                                     defer_indexes=defer_indexes, build_indexes=False,
                                     progress=advance)
    if report.indexes_deferred:
        console.print(f"read indexes set aside for the load: {len(report.indexes_deferred)}",
                      highlight=False)
    pending = workflow.scale_pending_indexes(url)
    built = ()
    if pending:  # this load's, or those an earlier load that died left aside
        with progress_bar("build read indexes", len(pending)) as advance:
            built = workflow.scale_build_indexes(url, progress=advance)
    console.print(replace(report, indexes_built=built).line(), highlight=False)


def _named(frame: pl.DataFrame, db: str | None) -> pl.DataFrame:
    """The ranking with area names from the gazetteer of --db (P-codes without one)."""
    import polars as pl

    if db is None:
        return frame.with_columns(pl.col("area_pcode").alias("area_name"))
    engine = workflow.open_existing(db)
    names = workflow.areas_frame(engine).select(
        pl.col("pcode").alias("area_pcode"), pl.col("name").alias("area_name")
    )
    engine.dispose()
    return frame.join(names, on="area_pcode", how="left", maintain_order="left").with_columns(
        pl.col("area_name").fill_null(pl.col("area_pcode"))
    )


def _aggregate(client, out: Path, write: Path | None, top: int, as_json: bool,  # noqa: ANN001
               db: str | None) -> None:
    import polars as pl

    with progress_bar("aggregate partitions", _partitions(out)) as advance:
        result = workflow.scale_aggregate(client, out, progress=advance)
    if write is not None:
        write.mkdir(parents=True, exist_ok=True)
        for name in ("daily", "groups", "cooccurrence"):
            getattr(result.aggregates, name).write_parquet(write / f"{name}.parquet")
        result.vital_core.write_parquet(write / "vital_core.parquet")
    if as_json:
        print_json(result.vital_core.filter(pl.col("rank") <= top).to_dicts())
        return
    console.print(
        f"voices {result.aggregates.voices}: {result.aggregates.daily.height} area x "
        f"dimension x day counts, {result.aggregates.groups.height} group exposures, "
        f"{result.aggregates.cooccurrence.height} co-occurrences"
        + (f"; written to {write}" if write else ""), highlight=False,
    )
    print_vital_core(_named(result.vital_core, db), top=top)


@app.command(epilog=example(
    "vitalcore scale classify shards/ --out scaled/",
    "vitalcore scale classify shards/ --out scaled/ --scheduler tcp://dask-scheduler:8786",
    "vitalcore scale classify posts/*.ndjson --out scaled/ --channel social_post --workers 4",
))
def classify(
    inputs: InputsArgument,
    out: OutOption,
    scheduler: SchedulerOption = None,
    workers: WorkersOption = 2,
    mapping: MappingOption = "vitalcore",
    channel: ChannelOption = None,
    source: SourceOption = None,
    db: DbOption = None,
) -> None:
    """Classify shards in parallel into Parquet partitioned by date and country.

    Each shard is read, normalised and classified exactly as `vitalcore ingest` and
    `vitalcore classify` would, by one model version for all. A shard already done with
    the same bytes, model and settings is skipped, so a run stopped halfway resumes.
    Place names resolve with the gazetteer of --db. Reporters are pseudonymised and
    contacts and original texts encrypted on the workers, with the privacy key that
    each worker reads itself ($VITALCORE_KEY_FILE: the same secret as here).
    """
    _shards(inputs)
    _key()
    with workflow.scale_cluster(scheduler, workers=workers) as client:
        _classify(client, inputs, out, db, mapping, channel, source)


@app.command(epilog=example(
    "vitalcore scale load scaled/ --db postgresql+psycopg://vitalcore@db-host/mission",
    "vitalcore scale load scaled/ --db postgresql+psycopg://vitalcore@db-host/mission --force",
    "vitalcore scale load scaled/ --db postgresql+psycopg://vitalcore@db-host/mission "
    "--defer-indexes",
))
def load(
    out: Annotated[Path, typer.Argument(help="Folder written by `vitalcore scale classify`.")],
    db: DbOption = None,
    scheduler: SchedulerOption = None,
    workers: WorkersOption = 2,
    force: ForceOption = False,
    defer_indexes: DeferIndexesOption = False,
) -> None:
    """Bulk-load the partitions into the store (COPY on PostgreSQL), once per content.

    A partition is loaded in one transaction: its previous rows go, its rows come, its
    ledger row records the content hash. Loading again changes nothing; a changed
    partition replaces its old rows exactly. SQLite, with its single writer, is loaded
    by this process alone. Read indexes that a load set aside (--defer-indexes) are
    built at its end, or at the end of the next load if it died.
    """
    _partitions(out)
    _check_defer(db, defer_indexes)
    if database_url(db).startswith("sqlite"):
        _load(None, out, db, force)  # one SQLite writer: no cluster to start
        return
    with workflow.scale_cluster(scheduler, workers=workers) as client:
        _load(client, out, db, force, defer_indexes)


@app.command(epilog=example(
    "vitalcore scale aggregate scaled/",
    "vitalcore scale aggregate scaled/ --write aggregates/ --json",
    "vitalcore scale aggregate scaled/ --db mission.db --top 5",
))
def aggregate(
    out: Annotated[Path, typer.Argument(help="Folder written by `vitalcore scale classify`.")],
    write: Annotated[
        Path | None, typer.Option(help="Also write the aggregates as Parquet files here.")
    ] = None,
    top: Annotated[int, typer.Option(help="Threats shown per area.")] = 3,
    scheduler: SchedulerOption = None,
    workers: WorkersOption = 2,
    db: Annotated[
        str | None, typer.Option(help="A store whose gazetteer names the areas in the tables.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Aggregate on the cluster, then rank the vital core as on one machine.

    Counts per area x dimension x day, group exposure and co-occurrence are computed per
    partition and summed; the vital core is `vitalcore rank`'s own ranking.
    """
    _partitions(out)
    with workflow.scale_cluster(scheduler, workers=workers) as client:
        _aggregate(client, out, write, top, as_json, db)


@app.command(epilog=example(
    "vitalcore scale run shards/ --out scaled/ --db postgresql+psycopg://vitalcore@db-host/mission",
))
def run(
    inputs: InputsArgument,
    out: OutOption,
    db: DbOption = None,
    scheduler: SchedulerOption = None,
    workers: WorkersOption = 2,
    mapping: MappingOption = "vitalcore",
    channel: ChannelOption = None,
    source: SourceOption = None,
    top: Annotated[int, typer.Option(help="Threats shown per area.")] = 3,
    defer_indexes: DeferIndexesOption = False,
) -> None:
    """classify, load and aggregate in one go, on one cluster."""
    _shards(inputs)
    _key()
    _check_defer(db, defer_indexes)
    with workflow.scale_cluster(scheduler, workers=workers) as client:
        _classify(client, inputs, out, db, mapping, channel, source)
        _load(client, out, db, force=False, defer_indexes=defer_indexes)
        _aggregate(client, out, None, top, as_json=False, db=db)
