"""The files of a simulated scenario and how to read them: simulate.manifest(DIR)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vitalcore.domain import Channel


@dataclass(frozen=True)
class ManifestEntry:
    """One channel file of a scenario: where it is, its ingest format, its channel."""

    path: Path
    format: str  # a name of COORDINATION.md's ingest formats (ingest.pipeline.READERS)
    channel: Channel


# (file name, ingest format, channel): the layouts fixed in COORDINATION.md.
CHANNEL_FILES: tuple[tuple[str, str, Channel], ...] = (
    ("kobo_survey.json", "kobo", Channel.SURVEY),
    ("rapidpro_sms.json", "rapidpro", Channel.SMS),
    ("social_posts.ndjson", "social", Channel.SOCIAL_POST),
    ("radio_transcripts.ndjson", "radio", Channel.RADIO_TRANSCRIPT),
    ("cla_interviews.csv", "csv", Channel.CLA_INTERVIEW),
    ("partner_reports.csv", "hxl", Channel.PARTNER_REPORT),
    ("ucdp_events.csv", "ucdp", Channel.EVENT_FEED),
)
OTHER_FILES = ("areas.csv", "adjacency.csv", "actions.csv", "truth.json", "mandate.txt",
               "README.txt")


def manifest(directory: str | Path) -> list[ManifestEntry]:
    """The channel files of the scenario in `directory`, in a fixed order.

    Raises FileNotFoundError naming the first missing file, so a half-written scenario
    is never mistaken for a complete one.
    """
    folder = Path(directory)
    entries = []
    for name, fmt, channel in CHANNEL_FILES:
        path = folder / name
        if not path.is_file():
            raise FileNotFoundError(f"{folder}: scenario file {name} is missing "
                                    f"(run vitalcore simulate --out {folder})")
        entries.append(ManifestEntry(path=path, format=fmt, channel=channel))
    return entries
