"""Roles and what each may do. Every endpoint names one of these permission sets.

Least privilege: an admin manages accounts but reads no testimonies; only a protection
officer may see who a reporter is, and only with a stated reason that is audited.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    COLLECTOR = "collector"  # submits voices, reads nothing back
    ANALYST = "analyst"  # pseudonymised voices, analyses, label corrections, exports
    PROTECTION_OFFICER = "protection_officer"  # as analyst, plus audited reveal of contacts
    ADMIN = "admin"  # users, API keys, configuration, the audit log
    PUBLIC = "public"  # k-anonymous aggregates only


SUBMIT = frozenset({Role.COLLECTOR, Role.ANALYST, Role.PROTECTION_OFFICER})
READ = frozenset({Role.ANALYST, Role.PROTECTION_OFFICER})
LABEL = frozenset({Role.ANALYST, Role.PROTECTION_OFFICER})
EXPORT = READ
REVEAL = frozenset({Role.PROTECTION_OFFICER})
ADMINISTER = frozenset({Role.ADMIN})
AUDIT = frozenset({Role.ADMIN, Role.PROTECTION_OFFICER})
AGGREGATES = frozenset(Role)  # every signed-in role, the public included
SIGNED_IN = frozenset(Role)


def parse_role(value: str) -> Role:
    """A Role from its name, or ValueError listing the names."""
    try:
        return Role(value)
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise ValueError(f"unknown role {value!r}; roles: {names}") from None
