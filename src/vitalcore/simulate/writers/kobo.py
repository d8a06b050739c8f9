"""KoboToolbox API v2 data export (`/api/v2/assets/<uid>/data/?format=json`).

{"count": N, "next": null, "previous": null, "results": [submission, ...]}; each
submission has Kobo's own keys (`_id`, `_uuid`, `_submission_time`, `_geolocation`,
`meta/instanceID`, ...) and the form's questions under their group paths
(`group_voice/testimony`). select_multiple answers (`group_voice/top_concerns`,
`group_respondent/groups`) are space-separated choice names in choice-list order; the
"rank your top three concerns" question (`group_voice/priorities`, type rank) is the
ranked choice names, first first. Question paths match ingest/mappings/kobo.yaml.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from vitalcore.simulate.voices import GROUPS, Batch
from vitalcore.simulate.world import DIMENSIONS, concern_weights
from vitalcore.simulate.writers.common import (
    WriteContext,
    severity_self_rating,
    uuids,
    write_json_list,
)

FORM_ID = "aSynthLiptakoGourma2026"
FORM_VERSION = "vSynth2026a"
FIRST_ID = 310_000_001
DISPLACED = GROUPS.index("displaced")
OWN_CONCERN_P = 0.6  # a respondent ranks first what their own testimony is about


def top_three(batch: Batch, ctx: WriteContext, rng: np.random.Generator) -> np.ndarray:
    """(n, 3) dimension indices: each respondent's ranked top three concerns.

    Gumbel top-k on the area's planted concern weights (sampling without replacement in
    proportion to the weights), with the testimony's own dimension first most of the time.
    """
    weights = concern_weights(ctx.world)[batch.area]
    scores = np.log(weights + 1e-12) + rng.gumbel(size=weights.shape)
    dims = np.array([DIMENSIONS.index(m.dimension) if m.dimension else -1
                     for m in ctx.world.data.motifs])[batch.motif]
    own = (dims >= 0) & (rng.random(len(batch)) < OWN_CONCERN_P)
    scores[np.flatnonzero(own), dims[own]] = np.inf
    return np.argsort(-scores, axis=1, kind="stable")[:, :3]


def record_ids(batch: Batch, ctx: WriteContext) -> list[str]:
    """The submissions' `_uuid`s."""
    return uuids(ctx.rng(1), len(batch))


def _records(batch: Batch, ctx: WriteContext) -> Iterator[dict[str, Any]]:
    rng = ctx.rng(11)
    ids = record_ids(batch, ctx)
    ranks = top_three(batch, ctx, rng)
    lag = rng.integers(60, 3 * 86_400, len(batch))  # upload waits for a connection
    duration = rng.integers(300, 1800, len(batch))
    jitter = rng.normal(0, 0.05, (len(batch), 2))
    form_uuid = uuids(ctx.rng(2), 1)[0].replace("-", "")
    for i in range(len(batch)):
        area = ctx.area(batch, i)
        chosen = [DIMENSIONS[d] for d in ranks[i]]
        displaced = int(batch.group[i]) == DISPLACED
        groups = [choice for flag, choice in ((batch.woman[i], "woman"),
                                              (batch.elderly[i], "older_person"),
                                              (displaced, "idp")) if flag]
        record = {
            "_id": FIRST_ID + i,
            "formhub/uuid": form_uuid,
            "start": ctx.timestamp(batch, i, zone="+00:00"),
            "end": ctx.timestamp(batch, i, delay_s=int(duration[i]), zone="+00:00"),
            "today": ctx.date(batch, i),
            "deviceid": f"collect:SYNTH{int(batch.reporter[i]) % 997:03d}",
            "group_location/admin1_pcode": area.parent_pcode,
            "group_location/admin2_pcode": area.pcode,
            "group_location/place": area.name,
            "group_respondent/sex": "female" if batch.woman[i] else "male",
            "group_respondent/age_group": "age_60_plus" if batch.elderly[i] else "age_18_59",
            # select_multiple: space-separated choice names
            "group_respondent/groups": " ".join(groups),
        }
        if int(batch.pick[i]) % 10 < 3:  # some respondents leave a name and number: PII
            record["group_respondent/name"] = ctx.renderer.reporter_name(int(batch.reporter[i]))
            record["group_respondent/phone"] = ctx.renderer.phone(int(batch.area[i]),
                                                                  int(batch.reporter[i]))
        record.update({
            "group_voice/language": ctx.language(batch, i),
            "group_voice/date": ctx.date(batch, i),
            "group_voice/testimony": ctx.text(batch, i),
            # select_multiple "your three main concerns": Kobo writes choices in
            # choice-list order, whatever order they were ticked in.
            "group_voice/top_concerns": " ".join(d for d in DIMENSIONS if d in chosen),
            # rank "rank your top three concerns": the ranked choices, first first.
            "group_voice/priorities": " ".join(chosen),
            "group_voice/severity": str(severity_self_rating(batch, i)),
            "group_voice/solution": ctx.renderer.solution(batch, i),
            "group_consent/consent_quote": "yes" if int(batch.pick[i]) % 3 else "no",
            "group_consent/consent_share": "yes" if int(batch.pick[i]) % 4 == 0 else "no",
            "__version__": FORM_VERSION,
            "meta/instanceID": f"uuid:{ids[i]}",
            "_xform_id_string": FORM_ID,
            "_uuid": ids[i],
            "_attachments": [],
            "_status": "submitted_via_web",
            "_geolocation": [round(area.lat + float(jitter[i, 0]), 5),
                             round(area.lon + float(jitter[i, 1]), 5)],
            "_submission_time": ctx.timestamp(batch, i, delay_s=int(lag[i])),
            "_tags": [],
            "_notes": [],
            "_validation_status": {},
            "_submitted_by": f"enum_{int(batch.reporter[i]) % 40:02d}",
        })
        yield record


def write(path: Path, batch: Batch, ctx: WriteContext) -> int:
    """Write the survey submissions as a Kobo v2 JSON export."""
    head = (f'{{"count":{len(batch)},"next":null,"previous":null,'
            f'"synthetic_notice":"{ctx.label}","results":[')
    return write_json_list(path, head, _records(batch, ctx), "]}")
