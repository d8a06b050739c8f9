"""The HTTP API: `create_app(settings)` and the settings it takes.

    from vitalcore.api import create_app, load_api_settings
    app = create_app(load_api_settings("vitalcore.db"))   # or: vitalcore serve
"""

from vitalcore.api.app import create_app
from vitalcore.api.settings import ApiSettings, SettingsError, load_api_settings

__all__ = ["ApiSettings", "SettingsError", "create_app", "load_api_settings"]
