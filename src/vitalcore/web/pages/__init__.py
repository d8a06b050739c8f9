"""One router per group of pages; web.install includes them in this order."""

from vitalcore.web.pages import auth, evidence, overview, voices, warning

ROUTERS = (auth.router, overview.router, warning.router, evidence.router, voices.router)
