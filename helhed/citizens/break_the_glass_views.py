# SPDX-License-Identifier: MPL-2.0
"""Pages of break-the-glass: a caseworker states why they open a person outside their
caseload (by the person's page address or by CPR number); a manager sees every such
access in the municipality. The rules are in break_the_glass.py."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from helhed.audit.models import Action
from helhed.audit.services import audit_record
from helhed.citizens.access import can_see_person
from helhed.citizens.break_the_glass import (
    DURATION,
    break_the_glass_for_review,
    break_the_glass_open,
)
from helhed.citizens.cpr import cpr_lookup_hash, parse_cpr
from helhed.citizens.forms import BreakTheGlassForm
from helhed.citizens.models import Person
from helhed.core.forms import add_validation_error
from helhed.core.tenancy import scope_to_municipality
from helhed.organisations.access import municipal_view, staff_user
from helhed.organisations.models import Role, User


def _person_by_cpr(user: User, form: BreakTheGlassForm) -> Person | None:
    try:
        number = parse_cpr(form.cleaned_data["cpr"])
    except ValidationError as error:
        form.add_error("cpr", error)
        return None
    person = (
        scope_to_municipality(Person.objects.all(), user.municipality_id)
        .filter(cpr_hash=cpr_lookup_hash(number))
        .first()
    )
    if person is None:
        # the same answer for another municipality's citizen as for no one at all
        form.add_error(
            "cpr", _("No citizen with this CPR number is registered in your municipality.")
        )
    return person


def _opened(request: HttpRequest, form: BreakTheGlassForm, person: Person) -> HttpResponse | None:
    """The person opened (or already in the caseload) and a redirect to them; None when
    the form is to be shown again with the service's errors."""
    user = staff_user(request)
    if can_see_person(user, person):
        messages.info(request, _("The citizen is in your caseload; no reason is needed."))
        return redirect("citizens:person_detail", person_id=person.id)
    try:
        break_the_glass_open(user=user, person=person, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        add_validation_error(form, error)
        return None
    minutes = int(DURATION.total_seconds() // 60)
    messages.warning(
        request,
        _(
            "You have opened the record outside your caseload for %(minutes)d minutes. "
            "The access and your reason are logged and shown to your manager."
        )
        % {"minutes": minutes},
    )
    return redirect("citizens:person_detail", person_id=person.id)


def _page(request: HttpRequest, form: BreakTheGlassForm) -> HttpResponse:
    return render(
        request,
        "citizens/break_the_glass_form.html",
        {"form": form, "minutes": int(DURATION.total_seconds() // 60)},
        status=400 if form.is_bound else 200,
    )


@never_cache
@municipal_view(Role.CASEWORKER)
@sensitive_post_parameters("cpr", "reason")
def break_the_glass_by_cpr(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    form = BreakTheGlassForm(request.POST or None, with_cpr=True)
    if request.method == "POST" and form.is_valid():
        person = _person_by_cpr(user, form)
        if person is not None:
            opened = _opened(request, form, person)
            if opened is not None:
                return opened
    return _page(request, form)


@never_cache
@municipal_view(Role.CASEWORKER)
@sensitive_post_parameters("reason")
def break_the_glass_by_id(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    person = (
        scope_to_municipality(Person.objects.all(), user.municipality_id)
        .filter(pk=person_id)
        .first()
    )
    if person is None:
        raise Http404
    form = BreakTheGlassForm(request.POST or None, with_cpr=False)
    if request.method == "POST" and form.is_valid():
        opened = _opened(request, form, person)
        if opened is not None:
            return opened
    return _page(request, form)


@never_cache
@municipal_view(Role.MANAGER)
def break_the_glass_review(request: HttpRequest) -> HttpResponse:
    """Every access outside a caseload in the municipality, for its managers."""
    user = staff_user(request)
    with transaction.atomic():
        rows = break_the_glass_for_review(user=user)
        audit_record(
            actor=user,
            action=Action.SEARCH,
            search_criterion="break-the-glass review",
            purpose=_("Supervision of access outside the caseload"),
        )
    return render(request, "citizens/break_the_glass_review.html", {"rows": rows})
