# SPDX-License-Identifier: MPL-2.0
"""The administrators' page of the municipality's integrations: list, create, revoke.

A new integration's token is shown once, in the answer to the POST that created it
(never stored, never in a URL, never cached), and cannot be shown again.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from helhed.api.forms import IntegrationForm
from helhed.api.selectors import access_integration_by_id, integrations_for_user
from helhed.api.services import integration_create, integration_revoke
from helhed.organisations.access import municipal_view, staff_user
from helhed.organisations.models import Role
from helhed.organisations.selectors import departments_for_municipality


@never_cache
@municipal_view(Role.ADMINISTRATOR)
def integration_list(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    municipality = user.municipality
    assert municipality is not None  # noqa: S101 - municipal_view guarantees it
    form = IntegrationForm(
        request.POST or None,
        departments=departments_for_municipality(municipality_id=municipality.id),
    )
    token = None
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            new = integration_create(actor=user, municipality=municipality, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            token, created = new.token, new.integration
            form = IntegrationForm(
                departments=departments_for_municipality(municipality_id=municipality.id)
            )
    return render(
        request,
        "api/integration_list.html",
        {
            "integrations": integrations_for_user(user=user),
            "form": form,
            "token": token,
            "created": created,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@never_cache
@municipal_view(Role.ADMINISTRATOR)
@require_POST
def integration_revoke_view(request: HttpRequest, integration_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    integration = access_integration_by_id(user=user, integration_id=integration_id)
    integration_revoke(actor=user, integration=integration)
    messages.success(
        request, _("The integration %(name)s was revoked.") % {"name": integration.name}
    )
    return redirect("api_admin:integration_list")
