# SPDX-License-Identifier: MPL-2.0
"""How an operation is declared: its one scope, and every response it can give.

`operation(Scope.REGISTRY_READ, {200: PersonOut}, object_=True)` gives the keyword
arguments of ninja's route decorators: the token check for that scope, the success
responses and the error responses (all in one shape), and the scope in the OpenAPI
description (`x-required-scope`, and as the role of the operation's security
requirement, which OpenAPI 3.1 allows for bearer schemes).
"""

from typing import Any

from helhed.api.auth import TokenAuth
from helhed.api.models import Scope
from helhed.api.schemas import ErrorOut

SCOPE_EXTENSION = "x-required-scope"


def operation(
    scope: Scope, success: dict[int, Any], *, object_: bool = False, body: bool = False
) -> dict[str, Any]:
    responses: dict[int, Any] = {**success, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut}
    if object_:
        responses[404] = ErrorOut  # also: another municipality's, or not visible
    if body:
        responses[400] = ErrorOut  # a body that is not JSON
    return {
        "auth": TokenAuth(scope),
        "response": responses,
        "openapi_extra": {SCOPE_EXTENSION: scope.value},
    }
