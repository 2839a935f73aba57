# SPDX-License-Identifier: MPL-2.0
"""One error shape for every refusal: {"detail": ..., "errors": [{"field", "message"}]}.

Messages are in the requester's language (LocaleMiddleware: Danish unless the request
asks for English) and never repeat what was sent: a CPR number typed into the wrong
field must not come back in an error.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from helhed.api.auth import ScopeMissingError

API_PREFIX = "/api/"
logger = logging.getLogger("helhed.api")


def error_body(detail: str, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or []}


def _message(error: dict[str, Any]) -> str:
    """A message in the request's language for one of pydantic's errors."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    loc = error.get("loc") or ()
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "cpr":
        return _("A CPR number is ten digits, written DDMMYY-XXXX.")
    if kind == "missing":
        return _("This field is required.")
    if kind == "string_too_long":
        return _("At most %(limit)d characters.") % {"limit": ctx.get("max_length", 0)}
    if kind == "string_pattern_mismatch":
        return _("The value does not have the required form.")
    if kind == "string_too_short":
        return _("This field is required.")
    if kind.startswith("date") or kind.startswith("datetime"):
        return _("Enter a valid date.")
    if kind.startswith("uuid"):
        return _("Enter a valid UUID.")
    if kind.startswith("int") or kind == "float_parsing":
        return _("Enter a whole number.")
    if kind in ("greater_than_equal", "greater_than"):
        limit = ctx.get("ge", ctx.get("gt"))
        return _("Ensure this value is greater than or equal to %(limit_value)s.") % {
            "limit_value": limit
        }
    if kind in ("less_than_equal", "less_than"):
        limit = ctx.get("le", ctx.get("lt"))
        return _("Ensure this value is less than or equal to %(limit_value)s.") % {
            "limit_value": limit
        }
    if kind in ("enum", "literal_error"):
        return _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")}
    if kind.startswith("bool"):
        return _("Give true or false.")
    if kind == "string_type":
        return _("Give a text.")
    if kind == "extra_forbidden":
        return _("Unknown field.")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _("The request body must be a JSON object.")
    if kind == "value_error":
        return _("The text contains control characters.")
    return _("The value is not valid.")


def _field(loc: tuple[Any, ...] | list[Any]) -> str | None:
    """ "first_name" for ("body", "payload", "first_name"); "limit" for ("query", "limit");
    "foo" for ("query", "page", "foo"), a parameter the query's model (`page`) refused."""
    parts = list(loc)
    if parts and parts[0] == "body":
        parts = parts[2:]
    elif parts and parts[0] == "query":
        parts = parts[-1:]
    elif parts:
        parts = parts[1:]
    return ".".join(str(p) for p in parts) or None


def field_errors_of_request(exc: NinjaValidationError) -> list[dict[str, Any]]:
    return [{"field": _field(e.get("loc", ())), "message": _message(e)} for e in exc.errors]


def field_errors_of_service(exc: DjangoValidationError) -> list[dict[str, Any]]:
    if not hasattr(exc, "error_dict"):
        return [{"field": None, "message": m} for m in exc.messages]
    return [
        {"field": None if field == "__all__" else field, "message": message}
        for field, messages in exc.message_dict.items()
        for message in messages
    ]


@contextmanager
def fields_named(names: dict[str, str]) -> Iterator[None]:
    """The service's ValidationError with its fields renamed to the API's (`partner` is
    sent as `partner_id`)."""
    try:
        yield
    except DjangoValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise DjangoValidationError(
            {names.get(field, field): messages for field, messages in error.message_dict.items()}
        ) from None


def _respond(
    api: NinjaAPI, request: HttpRequest, status: int, body: dict[str, Any]
) -> HttpResponse:
    response = api.create_response(request, body, status=status)
    response["Cache-Control"] = "no-store"
    return response


def install_error_handlers(api: NinjaAPI) -> None:
    def unauthenticated(request: HttpRequest, exc: Any) -> HttpResponse:
        response = _respond(
            api,
            request,
            401,
            error_body(
                _("A valid API token is required, sent as the header Authorization: Bearer.")
            ),
        )
        response["WWW-Authenticate"] = 'Bearer realm="helhed"'
        return response

    def scope_missing(request: HttpRequest, exc: Any) -> HttpResponse:
        detail = _("The integration's token does not have the scope %(scope)s.") % {
            "scope": exc.scope
        }
        return _respond(api, request, 403, error_body(detail))

    def forbidden(request: HttpRequest, exc: Any) -> HttpResponse:
        return _respond(api, request, 403, error_body(_("The integration may not do this.")))

    def not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        return _respond(api, request, 404, error_body(_("Not found.")))

    def invalid_request(request: HttpRequest, exc: Any) -> HttpResponse:
        return _respond(
            api,
            request,
            422,
            error_body(
                _("The request was refused; see the fields named."), field_errors_of_request(exc)
            ),
        )

    def refused_by_service(request: HttpRequest, exc: Any) -> HttpResponse:
        return _respond(
            api,
            request,
            422,
            error_body(_("Nothing was saved; see the fields named."), field_errors_of_service(exc)),
        )

    def http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        # ninja raises 400 for a body that is not JSON; its message is English and may
        # echo the body in DEBUG, so it is replaced.
        detail = (
            _("The request body is not valid JSON.")
            if exc.status_code == 400
            else _("The request was refused.")
        )
        return _respond(api, request, exc.status_code, error_body(detail))

    def server_error(request: HttpRequest, exc: Any) -> HttpResponse:
        # Logged with its traceback for the operators; the client gets the error shape and
        # no trace, even with DEBUG on (ninja's default would send the traceback).
        logger.error("API error at %s", request.path, exc_info=exc)
        return _respond(
            api, request, 500, error_body(_("Something went wrong. Nothing was saved."))
        )

    api.add_exception_handler(Exception, server_error)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(ScopeMissingError, scope_missing)
    api.add_exception_handler(PermissionDenied, forbidden)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(NinjaValidationError, invalid_request)
    api.add_exception_handler(DjangoValidationError, refused_by_service)
    api.add_exception_handler(HttpError, http_error)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: an API address that matches no operation (or a malformed id in the
    path) answers in the API's error shape; every other address gets the page."""
    if request.path.startswith(API_PREFIX):
        response = JsonResponse(error_body(_("Not found.")), status=404)
        response["Cache-Control"] = "no-store"
        return response
    from django.views.defaults import page_not_found as django_page_not_found

    return django_page_not_found(request, exception)
