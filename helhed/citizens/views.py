# SPDX-License-Identifier: MPL-2.0
"""Caseworkers' pages of the registry. Every read of a person is audited (access.py)."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from helhed.audit.models import Action
from helhed.audit.services import audit_record
from helhed.citizens import household_services, services
from helhed.citizens.access import access_person_by_id, access_person_for_record_page
from helhed.citizens.countries import is_western
from helhed.citizens.cpr import decrypt_cpr
from helhed.citizens.forms import (
    DanishEducationForm,
    HouseholdMemberForm,
    PersonRegisterForm,
    PersonSearchForm,
    ProgrammeEnrolmentForm,
    StatusSpellForm,
)
from helhed.citizens.rules import is_self_supporting
from helhed.citizens.selectors import (
    caseload_for_user,
    caseload_page,
    household_with_relations,
    person_search,
)
from helhed.core.links import links_by_id
from helhed.organisations.access import municipal_view, staff_user
from helhed.organisations.models import Role

CASELOAD_PAGE = 50


def _uuid(value: str) -> uuid.UUID | None:
    """`value` as a UUID, or None when it is not one (a hand-edited query or form)."""
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _page_start(request: HttpRequest) -> uuid.UUID | None:
    """The person a caseload page starts after (`?efter=`); a malformed value is the start."""
    return _uuid(request.GET.get("efter", ""))


@never_cache
@municipal_view(Role.CASEWORKER)
@sensitive_post_parameters("query")
def caseload(request: HttpRequest) -> HttpResponse:
    """The caseworker's persons; a POSTed search (never in the URL) narrows them."""
    user = staff_user(request)
    form = PersonSearchForm(request.POST or None)
    after = _page_start(request)
    next_after = None
    with transaction.atomic():
        if request.method == "POST" and form.is_valid():
            try:
                persons, criterion = person_search(user=user, query=form.cleaned_data["query"])
            except ValidationError as error:
                form.add_error("query", error)
                persons, criterion = caseload_for_user(user=user).none(), ""
            rows = list(persons[: CASELOAD_PAGE + 1])
            more = len(rows) > CASELOAD_PAGE
            rows = rows[:CASELOAD_PAGE]
        else:
            rows, last = caseload_page(
                user=user, after=None if form.is_bound else after, size=CASELOAD_PAGE
            )
            more, criterion = last is not None, _("caseload")
            next_after = last.id if last is not None else None
        if criterion:
            audit_record(
                actor=user, action=Action.SEARCH, search_criterion=criterion, purpose=_("Caseload")
            )
    links = links_by_id("citizens:person_detail", "person_id", [p.id for p in rows])
    return render(
        request,
        "citizens/caseload.html",
        {
            "form": form,
            "persons": rows,
            "persons_with_links": [(person, links[person.id]) for person in rows],
            "more": more,
            "page_size": CASELOAD_PAGE,
            "searched": form.is_bound,
            "paged": after is not None,
            "next_after": next_after,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@never_cache
@municipal_view(Role.CASEWORKER)
@sensitive_post_parameters("cpr")
def person_register(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    form = PersonRegisterForm(request.POST or None, departments=user.departments.all())
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_register(actor=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The person was registered."))
            return redirect("citizens:person_detail", person_id=person.id)
    return render(
        request,
        "citizens/person_register.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


RECTIFICATIONS_SHOWN = 200


@never_cache
@municipal_view(Role.CASEWORKER)
def person_detail(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    today = timezone.localdate()
    with transaction.atomic():
        read = access_person_for_record_page(user=user, person_id=person_id, purpose=_("Case work"))
        person = read.person
        spells = list(person.spells.all())
        context = {
            "person": person,
            "glass": read.glass,
            "cpr_masked": decrypt_cpr(person.cpr_encrypted).mask(),
            "age": person.age_on(today),
            "western": is_western(person.country_of_origin),
            "arrivals": list(person.arrivals.all()),
            "placements": list(person.placements.select_related("locality")),
            "danish": list(person.danish.all()),
            "programmes": list(person.programmes.all()),
            "spells": spells,
            "self_supporting": is_self_supporting(spells, today),
            "rectifications": list(
                person.rectifications.select_related("changed_by")[:RECTIFICATIONS_SHOWN]
            ),
            "household": list(person.household.members.exclude(pk=person.pk))
            if person.household
            else [],
        }
    return render(request, "citizens/person_detail.html", context)


@dataclass(frozen=True)
class PersonFact:
    """A kind of fact a caseworker adds on the person page: its form, service and texts."""

    form: type[forms.Form]
    service: Callable[..., object]
    title: Promise
    purpose: Promise
    saved: Promise


FACTS = {
    "spell": PersonFact(
        StatusSpellForm,
        services.status_spell_add,
        gettext_lazy("Add status spell"),
        gettext_lazy("Status spell"),
        gettext_lazy("The status spell was added."),
    ),
    "danish": PersonFact(
        DanishEducationForm,
        services.danish_education_add,
        gettext_lazy("Add Danish education"),
        gettext_lazy("Danish education"),
        gettext_lazy("The Danish education was added."),
    ),
    "programme": PersonFact(
        ProgrammeEnrolmentForm,
        services.programme_enrolment_add,
        gettext_lazy("Add programme enrolment"),
        gettext_lazy("Programme"),
        gettext_lazy("The programme enrolment was added."),
    ),
}


def _person_fact(request: HttpRequest, person_id: uuid.UUID, fact: PersonFact) -> HttpResponse:
    user = staff_user(request)
    form = fact.form(request.POST or None)
    with transaction.atomic():
        person = access_person_by_id(user=user, person_id=person_id, purpose=str(fact.purpose))
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    fact.service(actor=user, person=person, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, str(fact.saved))
                return redirect("citizens:person_detail", person_id=person.id)
    return render(
        request,
        "citizens/person_fact_form.html",
        {"form": form, "person": person, "title": fact.title},
        status=400 if form.is_bound else 200,
    )


@never_cache
@municipal_view(Role.CASEWORKER)
def spell_create(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    return _person_fact(request, person_id, FACTS["spell"])


@never_cache
@municipal_view(Role.CASEWORKER)
def danish_create(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    return _person_fact(request, person_id, FACTS["danish"])


@never_cache
@municipal_view(Role.CASEWORKER)
def programme_create(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    return _person_fact(request, person_id, FACTS["programme"])


@never_cache
@municipal_view(Role.CASEWORKER)
@sensitive_post_parameters("cpr")
def household_edit(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """The person's household: its members and how they are related to the person; a
    family member in the caseworker's caseload joins by CPR number, or leaves."""
    user = staff_user(request)
    adding = request.method == "POST" and "remove" not in request.POST
    form = HouseholdMemberForm(request.POST if adding else None)
    status = 200
    with transaction.atomic():
        person = access_person_by_id(user=user, person_id=person_id, purpose=_("Household"))
        if request.method == "POST":
            try:
                with transaction.atomic():
                    if "remove" in request.POST:
                        member = household_services.household_member_remove(
                            actor=user, person=person, member_id=_uuid(request.POST["remove"])
                        )
                        messages.success(
                            request,
                            _("%(name)s has left the household.")
                            % {"name": f"{member.first_name} {member.last_name}"},
                        )
                        return redirect("citizens:household_edit", person_id=person.id)
                    if form.is_valid():
                        relative = household_services.household_member_add(
                            actor=user, person=person, **form.cleaned_data
                        )
                        messages.success(
                            request,
                            _("%(name)s has joined the household.")
                            % {"name": f"{relative.first_name} {relative.last_name}"},
                        )
                        return redirect("citizens:household_edit", person_id=person.id)
            except ValidationError as error:
                if "member" in error.message_dict:
                    messages.error(request, " ".join(error.message_dict["member"]))
                    return redirect("citizens:household_edit", person_id=person.id)
                form.add_error(None, error)
            status = 400
        rows = household_with_relations(person)
    return render(
        request,
        "citizens/household_edit.html",
        {"person": person, "form": form, "members": rows},
        status=status,
    )
