"""The authorisation matrix: every endpoint of the app, called by every role and by no
one, is allowed or denied exactly as this table says.

The table is written here, independently of the code, and the test fails if the app has
an endpoint the table does not name: a new endpoint cannot escape the matrix.
"""

from __future__ import annotations

import httpx

from vitalcore.access.roles import Role

from .conftest import Service

ANYONE = "anyone"  # no sign-in needed
C, A, P, D, U = (Role.COLLECTOR, Role.ANALYST, Role.PROTECTION_OFFICER, Role.ADMIN,
                 Role.PUBLIC)
ALL = {C, A, P, D, U}

MATRIX: dict[tuple[str, str], set[Role] | str] = {
    ("POST", "/auth/token"): ANYONE,
    ("POST", "/auth/logout"): ALL,
    ("GET", "/auth/me"): ALL,
    ("POST", "/intake/voices"): {C, A, P},
    ("POST", "/intake/batch"): {C, A, P},
    ("POST", "/intake/rapidpro"): {C, A, P},
    ("POST", "/intake/kobo"): {C, A, P},
    ("POST", "/intake/sms"): {C, A, P},
    ("GET", "/voices"): {A, P},
    ("GET", "/voices/{voice_id}"): {A, P},
    ("GET", "/analyses/vital-core"): {A, P},
    ("GET", "/exports/{dataset}"): {A, P},
    ("POST", "/protection/reveal"): {P},
    ("GET", "/admin/users"): {D},
    ("POST", "/admin/users"): {D},
    ("POST", "/admin/users/{username}/disable"): {D},
    ("GET", "/admin/keys"): {D},
    ("POST", "/admin/keys"): {D},
    ("POST", "/admin/keys/{key_id}/revoke"): {D},
    ("GET", "/admin/settings"): {D},
    ("GET", "/admin/audit"): {D, P},
    ("GET", "/health"): ANYONE,
    ("GET", "/public/aggregates"): ALL,
}

PATH_VALUES = {"voice_id": "0" * 32, "username": "nobody", "key_id": "nobody",
               "dataset": "voices"}


def _endpoints(service: Service) -> set[tuple[str, str]]:
    with service.client() as client:
        schema = client.get("/openapi.json").json()
    return {(method.upper(), path) for path, item in schema["paths"].items() for method in item}


def _call(client: httpx.Client, method: str, path: str) -> int:
    url = path.format(**PATH_VALUES)
    if method == "GET":
        return client.get(url).status_code
    return client.post(url, json={}).status_code


def test_the_matrix_names_every_endpoint(service: Service) -> None:
    assert _endpoints(service) == set(MATRIX)


def _expected(allowed: set[Role] | str, role: Role | None, status: int) -> bool:
    if status >= 500:
        return False
    if allowed == ANYONE:
        return status not in (401, 403)
    if role is None:
        return status == 401
    if role in allowed:
        return status not in (401, 403)
    return status == 403


def test_every_role_is_allowed_or_denied_as_the_matrix_says(service: Service) -> None:
    wrong = []
    clients = {role: service.client(role.value if role else None) for role in [None, *Role]}
    try:
        for (method, path), allowed in sorted(MATRIX.items()):
            for role, client in clients.items():
                status = _call(client, method, path)
                if not _expected(allowed, role, status):
                    wrong.append(f"{method} {path} as {role or 'no one'}: {status}")
    finally:
        for client in clients.values():
            client.close()
    assert wrong == []
