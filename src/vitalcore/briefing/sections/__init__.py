"""One module per briefing section, each a function (context) -> Section or None.

None means the section has nothing honest to say (no figures behind it); the order of
SECTIONS is the order of the document.
"""

from vitalcore.briefing.sections import (
    actions,
    alerts,
    chains,
    groups,
    mandate,
    method,
    rumours,
    summary,
    vital_core,
    voices,
)

SECTIONS = (
    summary.build,
    vital_core.build,
    alerts.build,
    groups.build,
    rumours.build,
    chains.build,
    mandate.build,
    actions.build,
    voices.build,
    method.build,
)

__all__ = ["SECTIONS"]
