"""The same pipeline on a Dask cluster, over Parquet partitions, into the one store.

    shards.py     input files (CSV, NDJSON, Parquet) and their deterministic keys
    classify.py   the classify task: shard -> normalise -> classify -> Parquet partitions
    dataset.py    the output layout (hive date=/country=), atomic files, manifests
    rows.py       store rows <-> Arrow tables
    load.py       the load task: partition -> store (COPY on PostgreSQL), once per content
    aggregate.py  partial aggregates per partition, combined; input of the vital core
    cluster.py    a Client on a scheduler, or a LocalCluster

The orchestration (which task runs where) is `vitalcore.workflow.scale`; every task is
an ordinary function that one process can call too.
"""
