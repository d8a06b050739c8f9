"""One router per group of pages; web.install includes them in this order. WARM is what
the warm-up computes, tier by tier: every page's default view (rumours last: the
slowest; the map drawn in each language once the overview's analyses it reads are
in), then the filter values of the overview and the map, then each area's view of the
overview and the groups page."""

from vitalcore.web.pages import (
    area_map,
    auth,
    community,
    evidence,
    overview,
    tiers,
    voices,
    warning,
)

ROUTERS = (auth.router, community.router, overview.router, area_map.router, warning.router,
           evidence.router, voices.router, tiers.router)
WARM = (
    ("default views", (*overview.WARM, *area_map.WARM, *community.WARM, *warning.WARM,
                       *evidence.WARM)),
    ("filter views", (*overview.WARM_FILTERS, *area_map.WARM_FILTERS)),
    ("area views", overview.area_jobs),
)
