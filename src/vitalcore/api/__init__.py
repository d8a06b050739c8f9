"""The HTTP API: `create_app(settings)` and the settings it takes.

    from vitalcore.api import create_app, load_api_settings
    app = create_app(load_api_settings("vitalcore.db"))   # or: vitalcore serve
"""

from vitalcore._lazy import lazy_exports

# Imported on first use: the settings are read by commands that never start FastAPI.
_EXPORTS = {"create_app": "app", "ApiSettings": "settings", "SettingsError": "settings",
            "load_api_settings": "settings"}
__all__ = ["ApiSettings", "SettingsError", "create_app", "load_api_settings"]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
