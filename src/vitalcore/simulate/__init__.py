"""A seeded scenario generator with planted truth: the demo, the test bed, the yardstick.

    entries = simulate(seed=1, voices=20_000, out="scenario/")   # writes every file
    for entry in manifest("scenario/"):                           # path, format, channel
        workflow.ingest(engine, entry.path, format=entry.format, channel=entry.channel)

Everything it writes is synthetic demonstration data, not real events. The generative
model is explained in docs/simulation.md; truth.json's schema is data/truth.schema.json.
"""

from vitalcore.simulate.generate import simulate
from vitalcore.simulate.manifest import CHANNEL_FILES, ManifestEntry, manifest

LABEL = "synthetic demonstration data, not real events"

__all__ = ["CHANNEL_FILES", "LABEL", "ManifestEntry", "manifest", "simulate"]
