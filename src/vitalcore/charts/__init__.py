"""Charts as Vega-Lite specs: one definition for the dashboard and for
briefings, both rendered to SVG here, server-side, with no browser and no network.

Specs are plain dicts built from rows the analyses computed; nothing here computes an
analysis. `to_svg` turns a spec into SVG with vl-convert, which embeds the Vega
runtime, so a mission laptop without internet renders the same picture.
"""

from vitalcore.charts.render import to_svg
from vitalcore.charts.specs import alert_series, area_map, dimension_colours, vital_core_bars

__all__ = ["alert_series", "area_map", "dimension_colours", "to_svg", "vital_core_bars"]
