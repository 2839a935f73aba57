# SPDX-License-Identifier: MPL-2.0
"""The public side of a hearing: no account needed.

The hearing page shows the draft section by section, the published responses and,
while the hearing is open, the response form. A response is refused, with a clear
message and nothing saved, outside the period, beyond the hourly limit for one client
address, with an attachment that is not a real PDF of at most 10 MB, or with a body too
large to read; a robot that fills in the hidden field is answered as if it succeeded.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from helhed.core.forms import add_validation_error
from helhed.hearings import rate_limit
from helhed.hearings.access import (
    access_public_hearing,
    access_published_attachment,
    access_response_by_token,
)
from helhed.hearings.downloads import attachment_response
from helhed.hearings.forms import PublicResponseForm
from helhed.hearings.models import Hearing
from helhed.hearings.sections import section_choices, version_sections
from helhed.hearings.selectors import public_hearings, published_responses
from helhed.hearings.services import (
    response_consent_withdraw,
    response_submit,
    response_withdraw,
)
from helhed.hearings.services.response import closed_message
from helhed.hearings.uploads import body_limited, body_too_large, too_large_message
from helhed.organisations.models import Municipality
from helhed.policies.selectors import version_content


def hearing_list(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = Municipality.objects.filter(slug=slug).first()
    if municipality is None:
        raise Http404
    hearings = list(public_hearings(slug=slug))
    return render(
        request,
        "hearings/public_hearing_list.html",
        {"municipality": municipality, "hearings": hearings},
    )


def _page(
    request: HttpRequest,
    hearing: Hearing,
    form: PublicResponseForm | None,
    *,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    content = version_content(version=hearing.version)
    closed = closed_message(hearing)
    return render(
        request,
        "hearings/public_hearing.html",
        {
            "hearing": hearing,
            "version": hearing.version,
            "municipality": hearing.version.policy.municipality,
            "content": content,
            "sections": version_sections(content),
            "responses": published_responses(hearing=hearing),
            "form": None if closed else form,
            "closed": closed,
            "refusal": refusal,
        },
        status=status,
    )


@body_limited
def hearing_page(request: HttpRequest, slug: str, hearing_id: uuid.UUID) -> HttpResponse:
    hearing = access_public_hearing(slug=slug, hearing_id=hearing_id)
    content = version_content(version=hearing.version)
    sections = section_choices(content)
    if request.method != "POST":
        chosen = request.GET.get("afsnit", "")
        initial = {"section": chosen if chosen in dict(sections) else ""}
        return _page(request, hearing, PublicResponseForm(sections=sections, initial=initial))
    # a body too large to read: refused before anything of it is read or CSRF-checked
    if body_too_large(request):
        return _page(
            request,
            hearing,
            PublicResponseForm(sections=sections),
            refusal=too_large_message(),
            status=413,
        )
    closed = closed_message(hearing)
    if closed:
        return _page(request, hearing, None, status=400)
    if rate_limit.limit_reached(request):
        message = _(
            "Too many responses have been sent from your address in the last hour. "
            "Try again later, or send your response by letter or e-mail to the municipality."
        )
        return _page(request, hearing, None, refusal=message, status=429)
    form = PublicResponseForm(request.POST, request.FILES, sections=sections)
    if form.is_robot:
        # refused quietly: a robot learns nothing from the answer
        return render(request, "hearings/public_response_received.html", {"hearing": hearing})
    if form.is_valid():
        data = form.cleaned_data
        try:
            submitted = response_submit(
                hearing=hearing,
                section=data["section"],
                author_name=data["author_name"],
                email=data["email"],
                text=data["text"],
                consent_to_publication=data["consent_to_publication"],
                attachment=form.checked_pdf,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            rate_limit.count_response(request)
            messages.success(
                request,
                _(
                    "Thank you: your response was received as number %(number)s. Keep the "
                    "private link on this page to follow what becomes of your response."
                )
                % {"number": submitted.response.number},
            )
            return redirect("hearings:follow", token=submitted.token)
    return _page(request, hearing, form, status=400)


def public_attachment(
    request: HttpRequest, slug: str, hearing_id: uuid.UUID, response_id: uuid.UUID
) -> HttpResponse:
    attachment = access_published_attachment(
        slug=slug, hearing_id=hearing_id, response_id=response_id
    )
    return attachment_response(attachment, public=True)


def _private(page: HttpResponse) -> HttpResponse:
    page["Cache-Control"] = "private, no-store"
    page["X-Robots-Tag"] = "noindex"
    return page


def response_follow(request: HttpRequest, token: str) -> HttpResponse:
    """The respondent's private page: their response and its disposition."""
    response = access_response_by_token(token=token)
    return _private(
        render(
            request,
            "hearings/response_follow.html",
            {
                "response": response,
                "hearing": response.hearing,
                "municipality": response.hearing.version.policy.municipality,
                "link": request.build_absolute_uri(),
                "token": token,
                "points": response.points.select_related("disposition"),
                "whole": response.dispositions.filter(point__isnull=True).first(),
                "can_withdraw": not response.is_withdrawn and not closed_message(response.hearing),
            },
        )
    )


def _withdrawal(request: HttpRequest, token: str, *, whole: bool) -> HttpResponse:
    """GET: the confirmation page; POST (CSRF-checked): withdraw, back to the private page
    with a clear message."""
    response = access_response_by_token(token=token)
    error = ""
    if request.method == "POST":
        try:
            if whole:
                response_withdraw(response=response)
            else:
                response_consent_withdraw(response=response)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(
                request,
                _("Your response has been withdrawn, and its content deleted.")
                if whole
                else _(
                    "Your consent to publication has been withdrawn: your response is no "
                    "longer shown on the hearing page."
                ),
            )
            return redirect("hearings:follow", token=token)
    return _private(
        render(
            request,
            "hearings/response_withdraw.html",
            {
                "response": response,
                "hearing": response.hearing,
                "municipality": response.hearing.version.policy.municipality,
                "whole": whole,
                "error": error,
                "token": token,
            },
            status=400 if error else 200,
        )
    )


@require_http_methods(["GET", "POST"])
def response_consent_withdrawal(request: HttpRequest, token: str) -> HttpResponse:
    return _withdrawal(request, token, whole=False)


@require_http_methods(["GET", "POST"])
def response_withdrawal(request: HttpRequest, token: str) -> HttpResponse:
    return _withdrawal(request, token, whole=True)
