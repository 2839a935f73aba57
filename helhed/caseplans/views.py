# SPDX-License-Identifier: MPL-2.0
"""Caseworkers' pages of the holistic plan: the worklist, a person's plan, a household's
shared timeline, interventions, referrals and partners. Every read of a person's data goes
through the access layer and is audited in the view's transaction."""

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from helhed.audit.models import Action
from helhed.audit.services import audit_record
from helhed.caseplans import services
from helhed.caseplans.access import (
    access_household_by_id,
    access_intervention_by_id,
    access_referral_by_id,
    department_ids_of,
    incoming_referrals,
    is_caseworker_of,
    partners_visible_to,
    plan_interventions,
)
from helhed.caseplans.catalogue import InterventionStatus
from helhed.caseplans.forms import (
    HouseholdRelationForm,
    InterventionCancelForm,
    InterventionCompleteForm,
    InterventionForm,
    PartnerForm,
    ReferralDecisionForm,
    ReferralForm,
)
from helhed.caseplans.models import ReferralStatus
from helhed.caseplans.selectors import (
    WORKLIST_PAGE,
    flags_of_person,
    referrals_of_person,
    shared_timeline,
    worklist_for_user,
)
from helhed.citizens.access import (
    access_person_by_id,
    access_person_for_record_page,
    persons_visible_to,
)
from helhed.citizens.models import HouseholdRelation
from helhed.citizens.services import household_relation_add
from helhed.core.forms import add_validation_error
from helhed.core.links import links_by_id
from helhed.core.tenancy import scope_to_municipality
from helhed.organisations.access import municipal_view, staff_user
from helhed.organisations.models import Department, Role, User
from helhed.policies.models import FocusArea, Status


def _page_start(request: HttpRequest) -> uuid.UUID | None:
    """The person a worklist page starts after (`?efter=`); a malformed value is the start."""
    try:
        return uuid.UUID(request.GET.get("efter", ""))
    except ValueError:
        return None


def _status(form: Any) -> int:
    return 400 if form.is_bound else 200


@never_cache
@municipal_view(Role.CASEWORKER)
def worklist(request: HttpRequest) -> HttpResponse:
    """The caseworker's citizens with open flags, the earliest deadline first, and the
    referrals waiting for their departments."""
    user = staff_user(request)
    mine_only = request.GET.get("vis") != "afdeling"
    after = _page_start(request)
    with transaction.atomic():
        rows, more = worklist_for_user(user=user, mine_only=mine_only, after=after)
        referrals = list(incoming_referrals(user=user))
        audit_record(
            actor=user,
            action=Action.SEARCH,
            search_criterion="worklist: mine" if mine_only else "worklist: departments",
            purpose=_("Worklist"),
        )
    links = links_by_id("caseplans:person_plan", "person_id", [r.person.id for r in rows])
    return render(
        request,
        "caseplans/worklist.html",
        {
            "rows": rows,
            "rows_with_links": [(row, links[row.person.id]) for row in rows],
            "more": more,
            "page_size": WORKLIST_PAGE,
            "paged": after is not None,
            "next_after": rows[-1].person.id if more else None,
            "mine_only": mine_only,
            "referrals": referrals,
            "today": timezone.localdate(),
        },
    )


@never_cache
@municipal_view(Role.CASEWORKER)
def person_plan(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    with transaction.atomic():
        read = access_person_for_record_page(
            user=user, person_id=person_id, purpose=_("Holistic plan")
        )
        person = read.person
        open_flags, resolved_flags = flags_of_person(person=person)
        # the person's and their household's interventions: the plan and the timeline
        parts = plan_interventions(user=user, person=person)
        context = {
            "person": person,
            "glass": read.glass,
            "open_flags": open_flags,
            "resolved_flags": resolved_flags,
            "parts": parts,
            "referrals": list(referrals_of_person(user=user, person=person)),
            "timeline": shared_timeline(
                user=user,
                visible=[person],
                others=[],
                household_id=person.household_id,
                parts=parts,
            ),
            "today": timezone.localdate(),
        }
    return render(request, "caseplans/person_plan.html", context)


def _intervention_form(
    request: HttpRequest, user: User, *, for_household: bool
) -> InterventionForm:
    return InterventionForm(
        request.POST or None,
        departments=_departments_of_municipality(user).filter(pk__in=department_ids_of(user)),
        focus_areas=scope_to_municipality(FocusArea.objects.all(), user.municipality_id).filter(
            version__status=Status.ADOPTED
        ),
        partners=partners_visible_to(user),
        for_household=for_household,
    )


def _intervention_saved(
    request: HttpRequest, form: InterventionForm, user: User, **subject: Any
) -> HttpResponse | None:
    """On a valid POST, the intervention for `subject` (person= or household=) made and a
    redirect to it; None when there is a form to show (again, with the service's errors)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        with transaction.atomic():
            intervention = services.intervention_create(actor=user, **subject, **form.cleaned_data)
    except ValidationError as error:
        add_validation_error(form, error)
        return None
    messages.success(request, _("The intervention was added to the plan."))
    return redirect("caseplans:intervention_detail", intervention_id=intervention.id)


@never_cache
@municipal_view(Role.CASEWORKER)
def intervention_create(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    form = _intervention_form(request, user, for_household=False)
    with transaction.atomic():
        person = access_person_by_id(user=user, person_id=person_id, purpose=_("Intervention"))
        saved = _intervention_saved(request, form, user, person=person)
        if saved is not None:
            return saved
    return render(
        request,
        "caseplans/intervention_form.html",
        {"form": form, "subject": f"{person.first_name} {person.last_name}", "person": person},
        status=_status(form),
    )


@never_cache
@municipal_view(Role.CASEWORKER)
def household_intervention_create(request: HttpRequest, household_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    form = _intervention_form(request, user, for_household=True)
    with transaction.atomic():
        household, _members = access_household_by_id(
            user=user, household_id=household_id, purpose=_("Intervention")
        )
        saved = _intervention_saved(request, form, user, household=household)
        if saved is not None:
            return saved
    return render(
        request,
        "caseplans/intervention_form.html",
        {"form": form, "subject": household.name, "household": household},
        status=_status(form),
    )


@never_cache
@municipal_view(Role.CASEWORKER)
def intervention_detail(request: HttpRequest, intervention_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    with transaction.atomic():
        intervention = access_intervention_by_id(
            user=user, intervention_id=intervention_id, purpose=_("Intervention")
        )
    return render(
        request,
        "caseplans/intervention_detail.html",
        {
            "intervention": intervention,
            "can_start": intervention.status == InterventionStatus.PLANNED,
            "can_close": intervention.status
            in (InterventionStatus.PLANNED, InterventionStatus.ACTIVE),
            "can_complete": intervention.status == InterventionStatus.ACTIVE,
        },
    )


def _to_intervention(intervention: Any) -> HttpResponse:
    return redirect("caseplans:intervention_detail", intervention_id=intervention.id)


@municipal_view(Role.CASEWORKER)
@require_POST
def intervention_start(request: HttpRequest, intervention_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    with transaction.atomic():
        intervention = access_intervention_by_id(
            user=user, intervention_id=intervention_id, purpose=_("Intervention")
        )
        try:
            with transaction.atomic():
                services.intervention_start(actor=user, intervention=intervention)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The intervention has started."))
    return _to_intervention(intervention)


def _close(request: HttpRequest, intervention_id: uuid.UUID, *, complete: bool) -> HttpResponse:
    user = staff_user(request)
    form: InterventionCompleteForm | InterventionCancelForm = (
        InterventionCompleteForm(request.POST or None, initial={"ends_on": timezone.localdate()})
        if complete
        else InterventionCancelForm(request.POST or None)
    )
    with transaction.atomic():
        intervention = access_intervention_by_id(
            user=user, intervention_id=intervention_id, purpose=_("Intervention")
        )
        if request.method == "POST" and form.is_valid():
            service = services.intervention_complete if complete else services.intervention_cancel
            try:
                with transaction.atomic():
                    service(actor=user, intervention=intervention, **form.cleaned_data)
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(
                    request,
                    _("The intervention was completed.")
                    if complete
                    else _("The intervention was cancelled."),
                )
                return _to_intervention(intervention)
    return render(
        request,
        "caseplans/intervention_close.html",
        {
            "form": form,
            "intervention": intervention,
            "title": _("Complete the intervention") if complete else _("Cancel the intervention"),
        },
        status=_status(form),
    )


@never_cache
@municipal_view(Role.CASEWORKER)
def intervention_complete(request: HttpRequest, intervention_id: uuid.UUID) -> HttpResponse:
    return _close(request, intervention_id, complete=True)


@never_cache
@municipal_view(Role.CASEWORKER)
def intervention_cancel(request: HttpRequest, intervention_id: uuid.UUID) -> HttpResponse:
    return _close(request, intervention_id, complete=False)


def _departments_of_municipality(user: User) -> Any:
    return scope_to_municipality(Department.objects.all(), user.municipality_id)


@never_cache
@municipal_view(Role.CASEWORKER)
def referral_create(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    departments = _departments_of_municipality(user)
    form = ReferralForm(
        request.POST or None,
        own=departments.filter(pk__in=department_ids_of(user)),
        municipality=departments,
    )
    with transaction.atomic():
        person = access_person_by_id(user=user, person_id=person_id, purpose=_("Referral"))
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    referral = services.referral_create(
                        actor=user, person=person, **form.cleaned_data
                    )
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(
                    request,
                    _("The person was referred to %(department)s.")
                    % {"department": referral.to_department.name},
                )
                return redirect("caseplans:person_plan", person_id=person.id)
    return render(
        request,
        "caseplans/referral_form.html",
        {"form": form, "person": person},
        status=_status(form),
    )


@never_cache
@municipal_view(Role.CASEWORKER)
def referral_detail(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    """A referral; the receiving department accepts or declines it here."""
    user = staff_user(request)
    form = ReferralDecisionForm(request.POST or None)
    with transaction.atomic():
        referral = access_referral_by_id(user=user, referral_id=referral_id, purpose=_("Referral"))
        can_decide = referral.status == ReferralStatus.PENDING and is_caseworker_of(
            user, referral.to_department
        )
        if request.method == "POST" and form.is_valid():
            decision = request.POST.get("decision")
            service = {"accept": services.referral_accept, "decline": services.referral_decline}
            try:
                if decision not in service:
                    raise ValidationError(_("Choose to accept or to decline the referral."))
                with transaction.atomic():
                    service[decision](
                        actor=user,
                        referral=referral,
                        decision_note=form.cleaned_data["decision_note"],
                    )
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                if decision == "accept":
                    messages.success(request, _("The referral was accepted."))
                    return redirect("caseplans:person_plan", person_id=referral.person_id)
                messages.success(request, _("The referral was declined."))
                return redirect("caseplans:worklist")
    return render(
        request,
        "caseplans/referral_detail.html",
        {"referral": referral, "form": form, "can_decide": can_decide},
        status=400 if form.is_bound and form.errors else 200,
    )


@never_cache
@municipal_view(Role.CASEWORKER)
def household_detail(request: HttpRequest, household_id: uuid.UUID) -> HttpResponse:
    """The household's members and one shared timeline of their plan."""
    user = staff_user(request)
    with transaction.atomic():
        household, members = access_household_by_id(
            user=user, household_id=household_id, purpose=_("Household plan")
        )
        visible = [m.person for m in members if m.visible]
        others = [m.person for m in members if not m.visible]
        relations = list(
            HouseholdRelation.objects.filter(person__in=visible).select_related(
                "person", "relative"
            )
        )
        context = {
            "household": household,
            "members": members,
            "relations": relations,
            "timeline": shared_timeline(
                user=user, visible=visible, others=others, household_id=household.id
            ),
            "relation_form": HouseholdRelationForm(
                members=persons_visible_to(user).filter(pk__in=[p.id for p in visible])
            ),
            "today": timezone.localdate(),
        }
    return render(request, "caseplans/household_detail.html", context)


@never_cache
@municipal_view(Role.CASEWORKER)
def household_relation_create(request: HttpRequest, household_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    with transaction.atomic():
        household, members = access_household_by_id(
            user=user, household_id=household_id, purpose=_("Household relation")
        )
        form = HouseholdRelationForm(
            request.POST or None,
            members=persons_visible_to(user).filter(
                pk__in=[m.person.id for m in members if m.visible]
            ),
        )
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    household_relation_add(actor=user, **form.cleaned_data)
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(request, _("The relation was added."))
                return redirect("caseplans:household_detail", household_id=household.id)
    return render(
        request,
        "caseplans/household_relation_form.html",
        {"form": form, "household": household},
        status=_status(form),
    )


@never_cache
@municipal_view(Role.CASEWORKER)
def partner_list(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    partners = list(partners_visible_to(user).annotate(carried=Count("interventions")))
    return render(request, "caseplans/partner_list.html", {"partners": partners})


@never_cache
@municipal_view(Role.CASEWORKER)
def partner_create(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_register(actor=user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request, _("%(name)s was registered as a partner.") % {"name": partner.name}
            )
            return redirect("caseplans:partner_list")
    return render(request, "caseplans/partner_form.html", {"form": form}, status=_status(form))
