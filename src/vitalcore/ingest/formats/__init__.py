"""One reader module per format, all of the same shape.

Each module has `read(path) -> Iterator[RawRecord]` and `MAPPING` (the name of its
shipped mapping in ingest/mappings); those whose payloads also arrive over HTTP (JSON
formats) have `records_from_payload(obj, origin) -> Iterator[RawRecord]` too, which the
API's webhooks call. Adding a format is: copy a module, edit it, register it in
ingest.pipeline.READERS, ship its mapping.
"""
