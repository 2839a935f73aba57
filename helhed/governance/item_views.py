# SPDX-License-Identifier: MPL-2.0
"""Agenda items: the case in the Danish layout, and the policy officer's forms to write
it, put it on a meeting's agenda, record a committee's decision and add attachments."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import ModelChoiceField
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from helhed.governance import services
from helhed.governance.access import (
    READ_ROLES,
    access_attachment_by_id,
    access_item_by_id,
    can_edit_governance,
)
from helhed.governance.export import agenda_item_document
from helhed.governance.forms import (
    AgendaEntryForm,
    AgendaItemForm,
    AttachmentForm,
    DecisionForm,
    GeneratedAttachmentForm,
    add_validation_error,
)
from helhed.governance.history import OBJECT_LABELS
from helhed.governance.layout import item_sections
from helhed.governance.models import AgendaItem
from helhed.governance.selectors import agenda_item_content, item_history, item_is_decided
from helhed.organisations.access import municipal_view, staff_user
from helhed.organisations.models import Role
from helhed.reports.responses import document_response


@municipal_view(Role.POLICY_OFFICER)
def item_create(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    # ?moede=<id> chooses the meeting; the form offers only the municipality's meetings
    initial = {"meeting": request.GET.get("moede", "")}
    form = AgendaItemForm(
        request.POST or None,
        initial=initial,
        municipality_id=user.municipality_id,
        creating=True,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            item = services.agenda_item_create(actor=user, **data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The agenda item was created."))
            return redirect("governance:item_detail", item_id=item.id)
    return render(
        request,
        "governance/item_form.html",
        {"form": form, "creating": True},
        status=400 if form.is_bound else 200,
    )


@municipal_view(*READ_ROLES)
def item_detail(request: HttpRequest, item_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    item = access_item_by_id(user=user, item_id=item_id)
    content = agenda_item_content(item=item)
    sections = item_sections(item)
    return render(
        request,
        "governance/item_detail.html",
        {
            "item": item,
            "content": content,
            "sections": sections,
            "can_edit": can_edit_governance(user),
            "history": _history_rows(item),
        },
    )


def _history_rows(item: AgendaItem) -> list[dict[str, object]]:
    labels = {
        f.name: f.verbose_name for f in AgendaItem._meta.get_fields() if hasattr(f, "verbose_name")
    }
    return [
        {
            "change": change,
            "object_label": OBJECT_LABELS.get(change.object_type, change.object_type),
            "fields": [str(labels.get(name, name)) for name in change.fields],
        }
        for change in item_history(item=item)
    ]


@municipal_view(Role.POLICY_OFFICER)
def item_edit(request: HttpRequest, item_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    item = access_item_by_id(user=user, item_id=item_id)
    form = AgendaItemForm(request.POST or None, instance=item, municipality_id=item.municipality_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_update(actor=user, item=item, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("governance:item_detail", item_id=item.id)
    if form.is_bound:
        item.refresh_from_db()
    return render(
        request,
        "governance/item_form.html",
        {"form": form, "item": item, "creating": False},
        status=400 if form.is_bound else 200,
    )


@municipal_view(Role.POLICY_OFFICER)
def item_schedule(request: HttpRequest, item_id: uuid.UUID) -> HttpResponse:
    """Put the item on another meeting's agenda (the next committee to treat it)."""
    user = staff_user(request)
    item = access_item_by_id(user=user, item_id=item_id)
    form = AgendaEntryForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_entry_create(actor=user, item=item, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The item was put on the meeting's agenda."))
            return redirect("governance:item_detail", item_id=item.id)
    return render(
        request,
        "governance/item_schedule.html",
        {"form": form, "item": item},
        status=400 if form.is_bound else 200,
    )


@municipal_view(Role.POLICY_OFFICER)
def decision_record(request: HttpRequest, item_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    item = access_item_by_id(user=user, item_id=item_id)
    form = DecisionForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_record(actor=user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            if decision.outcome == "adopted":
                messages.success(
                    request,
                    _("The decision was recorded, and the policy version is adopted."),
                )
            else:
                messages.success(request, _("The decision was recorded."))
            return redirect("governance:item_detail", item_id=item.id)
    return render(
        request,
        "governance/decision_form.html",
        {"form": form, "item": item},
        status=400 if form.is_bound else 200,
    )


@municipal_view(Role.POLICY_OFFICER)
def attachment_create(request: HttpRequest, item_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    item = access_item_by_id(user=user, item_id=item_id)
    form = AttachmentForm(request.POST or None, request.FILES or None, item=item)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.pop("pdf")
        try:
            pdf = upload.read() if upload is not None else None
            services.attachment_add(
                actor=user,
                item=item,
                pdf=pdf,
                pdf_name=upload.name if upload is not None else "",
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The attachment was added."))
            return redirect("governance:item_detail", item_id=item.id)
    return render(
        request,
        "governance/attachment_form.html",
        {"form": form, "item": item},
        status=400 if form.is_bound else 200,
    )


@municipal_view(Role.POLICY_OFFICER)
def attachment_generate(request: HttpRequest, item_id: uuid.UUID) -> HttpResponse:
    """Attach the hearing memo and/or follow-up report of the item's policy, frozen now."""
    user = staff_user(request)
    item = access_item_by_id(user=user, item_id=item_id)
    form = GeneratedAttachmentForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.attachment_generate(actor=user, item=item, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request,
                _("The attachment was added.")
                if len(made) == 1
                else _("The hearing memo and the follow-up report were added."),
            )
            return redirect("governance:item_detail", item_id=item.id)
    return render(
        request,
        "governance/attachment_generate.html",
        {"form": form, "item": item, "has_choices": _has_choices(form)},
        status=400 if form.is_bound else 200,
    )


def _has_choices(form: GeneratedAttachmentForm) -> bool:
    fields = (form.fields["hearing"], form.fields["report_version"])
    return any(
        f.queryset is not None and f.queryset.exists()
        for f in fields
        if isinstance(f, ModelChoiceField)
    )


@municipal_view(Role.POLICY_OFFICER)
def attachment_delete(request: HttpRequest, attachment_id: uuid.UUID) -> HttpResponse:
    """Delete a bilag, after confirmation (a POST); refused once the item is decided."""
    user = staff_user(request)
    attachment = access_attachment_by_id(user=user, attachment_id=attachment_id)
    item = attachment.item
    error: ValidationError | None = None
    decided = item_is_decided(item=item)
    if request.method == "POST":
        try:
            services.attachment_delete(actor=user, attachment=attachment)
        except ValidationError as refused:
            error = refused
        else:
            messages.success(request, _("The attachment was deleted."))
            return redirect("governance:item_detail", item_id=item.id)
    return render(
        request,
        "governance/attachment_delete.html",
        {
            "attachment": attachment,
            "item": item,
            "errors": error.messages if error is not None else [],
            "decided": decided,
        },
        status=400 if error is not None else 200,
    )


@municipal_view(*READ_ROLES)
def attachment_download(request: HttpRequest, attachment_id: uuid.UUID) -> HttpResponse:
    """An uploaded PDF, served only as a download (never shown in the browser)."""
    user = staff_user(request)
    attachment = access_attachment_by_id(user=user, attachment_id=attachment_id)
    if attachment.pdf is None:
        raise Http404
    item = attachment.item
    response = HttpResponse(bytes(attachment.pdf), content_type="application/pdf")
    name = slugify(f"{item.case_number} bilag {attachment.number} {attachment.title}")[:120]
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _export(request: HttpRequest, item_id: uuid.UUID, fmt: str) -> HttpResponse:
    item = access_item_by_id(user=staff_user(request), item_id=item_id)
    document = agenda_item_document(agenda_item_content(item=item, with_documents=True))
    response = document_response(document, fmt, stem=f"dagsordenspunkt {item.case_number}")
    response["Cache-Control"] = "private, no-store"
    return response


@municipal_view(*READ_ROLES)
def item_pdf(request: HttpRequest, item_id: uuid.UUID) -> HttpResponse:
    return _export(request, item_id, "pdf")


@municipal_view(*READ_ROLES)
def item_docx(request: HttpRequest, item_id: uuid.UUID) -> HttpResponse:
    return _export(request, item_id, "docx")
