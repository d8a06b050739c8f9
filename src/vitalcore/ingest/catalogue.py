"""The formats vitalcore reads, by name: one reader module each under ingest/formats/.

Kept apart from the pipeline so that `vitalcore ingest --help` can list them without
importing the readers and the store.
"""

FORMATS = ("csv", "xlsx", "json", "ndjson", "kobo", "odk", "rapidpro", "sms", "hxl",
           "ushahidi", "ucdp", "acled", "social", "radio")
