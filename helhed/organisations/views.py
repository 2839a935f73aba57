# SPDX-License-Identifier: MPL-2.0
"""The municipality's own organisation: departments and users, for its administrators."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from helhed.organisations.access import municipal_view, staff_user
from helhed.organisations.forms import DepartmentForm
from helhed.organisations.models import Role
from helhed.organisations.selectors import departments_for_municipality, users_for_municipality
from helhed.organisations.services import department_create


@municipal_view(Role.ADMINISTRATOR)
def organisation_overview(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    municipality = user.municipality
    assert municipality is not None  # noqa: S101 - municipal_view guarantees it
    form = DepartmentForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            department_create(municipality=municipality, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The department was created."))
            return redirect("organisation_overview")
    return render(
        request,
        "organisations/organisation_overview.html",
        {
            "municipality": municipality,
            "departments": departments_for_municipality(municipality_id=municipality.id),
            "users": users_for_municipality(municipality_id=municipality.id),
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )
