"""Security Council mandates: parse resolutions and summaries, classify their tasks,
and compare them with what communities say threatens their vital core."""

from vitalcore.mandate.model import MandateParseError, Paragraph, Resolution, Task
from vitalcore.mandate.parser import parse_file, parse_resolution, parse_text
from vitalcore.mandate.summary import parse_summary

__all__ = [
    "MandateParseError",
    "Paragraph",
    "Resolution",
    "Task",
    "parse_file",
    "parse_resolution",
    "parse_summary",
    "parse_text",
]
