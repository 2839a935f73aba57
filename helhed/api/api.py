# SPDX-License-Identifier: MPL-2.0
"""The JSON API, version 1, mounted at /api/v1/ (docs/adr/0012-json-api.md).

Routers by domain: the registry's (registry.py, `registry:*` scopes) and the holistic
plans' (plans.py: interventions, rule flags, referrals, partners; `plans:*` scopes).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.openapi.docs import Redoc
from ninja.operation import Operation

from helhed.api.errors import install_error_handlers
from helhed.api.operations import SCOPE_EXTENSION
from helhed.api.plans import router as plans_router
from helhed.api.registry import router as registry_router

API_VERSION = "1"
# Redoc's colours where its defaults fall short of WCAG AA contrast (axe, e2e/).
DOCS_THEME = {
    "colors": {
        "error": {"main": "#b71c1c"},
        "text": {"secondary": "#4f565a"},
        "responses": {
            "error": {"tabTextColor": "#ff9e97"},
            "success": {"tabTextColor": "#8fe39a"},
        },
    },
    "typography": {"code": {"color": "#a31515"}},
}
SECURITY_SCHEME = "TokenAuth"


# The docs page may load only this server's files: Redoc's attribution logo would come
# from its CDN. Redoc styles with inline styles and searches in a blob: worker.
DOCS_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'"
)


def docs_only_from_this_server(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Content-Security-Policy"] = DOCS_CSP
        return response

    return wrapper


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
        "The registry of the target group and the holistic plans, for the municipality's "
        "integrations. "
        "Authenticate with `Authorization: Bearer <token>`; each operation names the scope "
        "it needs. Errors have one shape: `detail` and field `errors`. Messages are Danish "
        "unless the request sends `Accept-Language: en`."
    ),
    urls_namespace="api",
    docs=Redoc(settings={"theme": DOCS_THEME}),
    docs_decorator=docs_only_from_this_server,
)
install_error_handlers(api)
api.add_router("", registry_router)
api.add_router("", plans_router)
