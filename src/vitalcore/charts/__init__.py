"""Charts as Vega-Lite specs: one definition for the dashboard (rendered in the browser)
and for briefings (rendered to SVG here, with no browser and no network).

Specs are plain dicts built from rows the analyses computed; nothing here computes an
analysis. `to_svg` turns a spec into SVG with vl-convert, which embeds the Vega
runtime, so a mission laptop without internet renders the same picture.
"""

from vitalcore.charts.render import to_svg
from vitalcore.charts.specs import area_map, dimension_colours, vital_core_bars

__all__ = ["area_map", "dimension_colours", "to_svg", "vital_core_bars"]
