"""Connecting to a Dask cluster: an existing scheduler, or a LocalCluster by default."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from distributed import Client

INSTALL_HINT = "the scale-out needs Dask: pip install 'vitalcore[scale]'"


def _distributed():  # noqa: ANN202 - returns the module
    try:
        import distributed
    except ImportError as err:  # pragma: no cover - depends on the installation
        raise RuntimeError(INSTALL_HINT) from err
    return distributed


@contextmanager
def connect(scheduler: str | None = None, *, workers: int = 2) -> Iterator[Client]:
    """A Client on `scheduler` (tcp://host:8786), else on a LocalCluster of `workers`
    single-threaded worker processes, closed on exit.

    One thread per worker process: classification is pure-Python CPU work that the GIL
    serialises, so processes, not threads, are what run in parallel. The dashboard
    takes a free port, so that two clusters on one machine never collide.
    """
    distributed = _distributed()
    if scheduler:
        with distributed.Client(scheduler) as client:
            yield client
        return
    with distributed.LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
    ) as cluster, distributed.Client(cluster) as client:
        yield client
