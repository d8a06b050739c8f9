"""One writer per output format, all with the same shape:

    write(path: Path, batch: Batch, ctx: WriteContext) -> int   # records written

Each module follows its real tool's layout (KoboToolbox, RapidPro, UCDP GED, HXL, ...)
so that simulation exercises vitalcore's readers too.
"""

from vitalcore.simulate.writers import (
    cla,
    hxl,
    kobo,
    radio,
    rapidpro,
    social,
    ucdp,
)
from vitalcore.simulate.writers.common import WriteContext

# channel -> writer module; the file name and format live in simulate.manifest.
WRITERS = {
    "cla_interview": cla,
    "sms": rapidpro,
    "survey": kobo,
    "social_post": social,
    "radio_transcript": radio,
    "partner_report": hxl,
    "event_feed": ucdp,
}

__all__ = ["WRITERS", "WriteContext"]
