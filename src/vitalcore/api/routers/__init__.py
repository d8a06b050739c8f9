"""One router per concern; api/app.py includes them in this order."""

from vitalcore.api.routers import (
    actions,
    admin,
    analyses,
    auth,
    bottom_up,
    exports,
    grounding,
    intake,
    protection,
    public,
    voices,
)

ROUTERS = (
    auth.router,
    intake.router,
    voices.router,
    analyses.router,
    bottom_up.router,
    grounding.router,
    actions.router,
    exports.router,
    protection.router,
    admin.router,
    public.router,
)
