"""One router per concern; api/app.py includes them in this order."""

from vitalcore.api.routers import (
    actions,
    admin,
    analyses,
    auth,
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
    grounding.router,
    actions.router,
    exports.router,
    protection.router,
    admin.router,
    public.router,
)
