# SPDX-License-Identifier: MPL-2.0
"""The data protection officer's pages: the audit log (/app/logning/), the citizen's
access request (/app/indsigt/) and retention with archival holds (/app/opbevaring/).
A CPR number is only ever posted; the next page of one
person's audit trail carries a signed token of the person's id, never the number."""

import uuid
from typing import Any

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from helhed.audit.selectors import (
    audit_chain_head,
    audit_events_filter,
    municipal_users,
    security_events_recent,
)
from helhed.audit.verification import chain_verify
from helhed.citizens.models import Person
from helhed.core.forms import add_validation_error
from helhed.organisations.access import municipal_view, staff_user
from helhed.organisations.models import Role, User
from helhed.privacy import documents, services
from helhed.privacy.access import (
    access_person_by_cpr,
    access_person_by_id,
    access_person_for_hold,
    unknown_cpr,
)
from helhed.privacy.forms import (
    OUTPUTS,
    AuditFilterForm,
    HoldPlaceForm,
    HoldReleaseForm,
    SubjectAccessForm,
)
from helhed.retention.selectors import active_hold_by_id, holds_of_municipality, retention_rules
from helhed.retention.services import archival_hold_place, archival_hold_release

PAGE_SIZE = 50
HOLDS_SHOWN = 100
ACTIONS = frozenset({"place", "release"})
TOKEN_SALT = "helhed.privacy.audit-log.person"  # noqa: S105 - a namespace, not a secret
TOKEN_AGE = 60 * 60


def _person_token(user: User, person: Person) -> str:
    return signing.dumps({"person": str(person.id), "user": user.pk}, salt=TOKEN_SALT)


def _person_from_token(user: User, token: str) -> uuid.UUID | None:
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_AGE)
        return uuid.UUID(data["person"]) if data.get("user") == user.pk else None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def _page_number(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() and len(raw) < 8 else 1


def _review_purpose(stated: str) -> str:
    kind = _("Review of the audit log")
    return f"{kind}: {stated.strip()}"


def _find_person(user: User, form: AuditFilterForm, token: str) -> tuple[Person | None, bool]:
    """The person whose trail is asked for (audited), and whether the form is still valid."""
    data = form.cleaned_data
    if data.get("cpr"):
        try:
            person = access_person_by_cpr(
                user=user, cpr=data["cpr"], purpose=_review_purpose(data["purpose"])
            )
        except ValidationError as error:
            form.add_error("cpr", error)
            return None, False
        if person is None:
            form.add_error("cpr", unknown_cpr())
            return None, False
        return person, True
    person_id = _person_from_token(user, token) if token else None
    if person_id is None:
        return None, True
    if not data.get("purpose"):
        form.add_error("purpose", _("State the purpose when you look at one person's audit trail."))
        return None, False
    return access_person_by_id(
        user=user, person_id=person_id, purpose=_review_purpose(data["purpose"])
    ), True


@never_cache
@require_http_methods(["GET", "POST"])
@municipal_view(Role.DATA_PROTECTION_OFFICER)
@sensitive_post_parameters("cpr")
def audit_log(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    municipality = user.municipality
    if municipality is None:  # municipal_view lets none in; this keeps the types honest
        raise PermissionDenied
    municipality_id = municipality.id
    verify = request.method == "POST" and "verify" in request.POST
    bound = request.method == "POST" and not verify
    form = AuditFilterForm(
        request.POST if bound else None, users=municipal_users(municipality_id=municipality_id)
    )
    context: dict[str, Any] = {"form": form, "person": None, "token": ""}
    with transaction.atomic():
        valid = not bound or form.is_valid()
        if valid and bound:
            person, valid = _find_person(user, form, request.POST.get("person", ""))
            if person is not None:
                context |= {"person": person, "token": _person_token(user, person)}
        if valid:
            data = form.cleaned_data if bound else {}
            events = audit_events_filter(
                municipality_id=municipality_id,
                date_from=data.get("date_from"),
                date_to=data.get("date_to"),
                user_id=data["user"].pk if data.get("user") else None,
                action=data.get("action", ""),
                person_id=context["person"].id if context["person"] else None,
            )
            page = Paginator(events, PAGE_SIZE).get_page(_page_number(request.POST.get("page")))
            context |= {"page": page, "events": list(page.object_list)}
    context |= {
        "head": audit_chain_head(municipality_id=municipality_id),
        "security_events": security_events_recent(municipality_id=municipality_id),
        "chain_report": chain_verify(municipality=municipality) if verify else None,
    }
    return render(request, "privacy/audit_log.html", context, status=200 if valid else 400)


@never_cache
@require_http_methods(["GET", "POST"])
@municipal_view(Role.DATA_PROTECTION_OFFICER)
@sensitive_post_parameters("cpr")
def subject_access(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    form = SubjectAccessForm(request.POST or None)
    output = request.POST.get("output", "")
    if request.method == "POST" and output not in dict(OUTPUTS):
        form.add_error(None, _("Choose what to produce."))
    elif request.method == "POST" and form.is_valid():
        arguments = {
            "actor": user,
            "cpr": form.cleaned_data["cpr"],
            "purpose": form.cleaned_data["purpose"],
            "include_names": form.cleaned_data["include_names"],
        }
        try:
            if output.startswith("report"):
                report = services.lookup_report_produce(**arguments)
                if output == "report_pdf":
                    return documents.lookup_report_pdf(report)
                return render(request, "privacy/lookup_report.html", {"report": report})
            data = services.subject_export_produce(**arguments)
        except ValidationError as error:
            if getattr(error, "code", "") in {
                "cpr_unknown",
                "cpr_format",
                "cpr_date",
                "cpr_future",
            }:
                form.add_error("cpr", error)
            else:
                add_validation_error(form, error)
        else:
            if output == "export_pdf":
                return documents.subject_export_pdf(data)
            return documents.subject_export_json(data)
    return render(
        request,
        "privacy/subject_access.html",
        {"form": form, "outputs": OUTPUTS},
        status=400 if form.is_bound else 200,
    )


def _hold_place(request: HttpRequest, user: User, form: HoldPlaceForm) -> bool:
    """Place the hold the form asks for; False (with the form's errors) if refused."""
    municipality = user.municipality
    if municipality is None or not form.is_valid():
        return False
    reason = form.cleaned_data["reason"]
    cpr = form.cleaned_data["cpr"]
    with transaction.atomic():
        person = None
        if cpr:
            try:
                person = access_person_for_hold(user=user, cpr=cpr, reason=reason)
            except ValidationError as error:
                form.add_error("cpr", error)
                return False
            if person is None:  # the search is audited and commits; the officer is told
                form.add_error("cpr", unknown_cpr())
                return False
        try:
            with transaction.atomic():
                archival_hold_place(
                    actor=user, municipality=municipality, person=person, reason=reason
                )
        except ValidationError as error:
            add_validation_error(form, error)
            return False
    messages.success(request, _("The archival hold has been placed."))
    return True


def _hold_release(request: HttpRequest, user: User, form: HoldReleaseForm) -> bool:
    municipality = user.municipality
    if municipality is None or not form.is_valid():
        return False
    hold = active_hold_by_id(municipality, form.cleaned_data["hold"])
    if hold is None:
        form.add_error(None, _("This archival hold does not exist or has already been lifted."))
        return False
    try:
        archival_hold_release(actor=user, hold=hold, reason=form.cleaned_data["release_reason"])
    except ValidationError as error:
        add_validation_error(form, error)
        return False
    messages.success(request, _("The archival hold has been lifted."))
    return True


@never_cache
@require_http_methods(["GET", "POST"])
@municipal_view(Role.DATA_PROTECTION_OFFICER)
@sensitive_post_parameters("cpr")
def retention(request: HttpRequest) -> HttpResponse:
    """/app/opbevaring/: the retention rules per record type, and the archival holds,
    placed and lifted here with a reason (ADR 0037)."""
    user = staff_user(request)
    municipality = user.municipality
    if municipality is None:  # municipal_view lets none in; this keeps the types honest
        raise PermissionDenied
    action = request.POST.get("action", "") if request.method == "POST" else ""
    place_form = HoldPlaceForm(request.POST if action == "place" else None)
    release_form = HoldReleaseForm(request.POST if action == "release" else None)
    status = 200
    if request.method == "POST":
        done = (
            _hold_place(request, user, place_form)
            if action == "place"
            else _hold_release(request, user, release_form)
            if action == "release"
            else False
        )
        if done:
            return redirect("privacy:retention")
        status = 400
    context = {
        "action_error": _("Choose what to do.") if status == 400 and action not in ACTIONS else "",
        "rules": retention_rules(municipality),
        "holds": list(holds_of_municipality(municipality)[:HOLDS_SHOWN]),
        "place_form": place_form,
        "release_form": release_form,
    }
    return render(request, "privacy/retention.html", context, status=status)
