# SPDX-License-Identifier: MPL-2.0
"""The JSON API, version 1, mounted at /api/v1/ (docs/adr/0012-json-api.md).

Routers by domain: the registry's here; the plans' (interventions, referrals) are added
with the caseplans app as `api.add_router("", plans_router)`, their operations declared
with `operation(Scope.PLANS_READ, ...)` / `operation(Scope.PLANS_WRITE, ...)`.
"""

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger
from ninja.operation import Operation

from helhed.api.errors import install_error_handlers
from helhed.api.operations import SCOPE_EXTENSION
from helhed.api.registry import router as registry_router

API_VERSION = "1"
SECURITY_SCHEME = "TokenAuth"


class HelhedAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        return operation.view_func.__name__

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for path in schema["paths"].values():
            for spec in path.values():
                scope = spec.get(SCOPE_EXTENSION)
                if scope:
                    spec["security"] = [{SECURITY_SCHEME: [scope]}]
        return schema


api = HelhedAPI(
    title="Helhed API",
    version=API_VERSION,
    description=(
        "The registry of the target group, for the municipality's integrations. "
        "Authenticate with `Authorization: Bearer <token>`; each operation names the scope "
        "it needs. Errors have one shape: `detail` and field `errors`. Messages are Danish "
        "unless the request sends `Accept-Language: en`."
    ),
    urls_namespace="api",
    docs=Swagger(settings={"persistAuthorization": False}),
)
install_error_handlers(api)
api.add_router("", registry_router)
