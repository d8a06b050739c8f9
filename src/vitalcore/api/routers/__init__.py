"""One router per concern; api/app.py includes them in this order."""

from vitalcore.api.routers import (
    admin,
    analyses,
    auth,
    exports,
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
    exports.router,
    protection.router,
    admin.router,
    public.router,
)
