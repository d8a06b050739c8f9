"""The closed vocabularies of vitalcore (dimensions, groups, channels) as plain enums.

Apart from the pydantic models of `vitalcore.domain`, which re-exports them, so that a
command's options can name their choices without importing pydantic at start-up.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Channel", "Dimension", "Group"]


class Dimension(StrEnum):
    """The seven dimensions of human security (UNDP Human Development Report 1994)."""

    ECONOMIC = "economic"
    FOOD = "food"
    HEALTH = "health"
    ENVIRONMENTAL = "environmental"
    PERSONAL = "personal"
    COMMUNITY = "community"
    POLITICAL = "political"


class Group(StrEnum):
    """Vulnerable groups named by the Commission on Human Security and UNGA 66/290."""

    DISPLACED = "displaced"  # refugees, IDPs, migrants: people on the move
    WOMEN = "women"
    CHILDREN = "children"
    ELDERLY = "elderly"
    DISABILITY = "disability"
    INDIGENOUS = "indigenous"
    MISSING = "missing"
    MINORITY = "minority"  # context-specific minorities configured per deployment


class Channel(StrEnum):
    """How a voice reached the mission."""

    CLA_INTERVIEW = "cla_interview"
    SMS = "sms"
    SURVEY = "survey"
    WEB_FORM = "web_form"
    SOCIAL_POST = "social_post"
    RADIO_TRANSCRIPT = "radio_transcript"
    EVENT_FEED = "event_feed"
    PARTNER_REPORT = "partner_report"
    # Answers to the community page (web/pages/community.py): people of an area say
    # whether the ranking matches what they live, reorder it, add what is missing.
    COMMUNITY_FEEDBACK = "community_feedback"
