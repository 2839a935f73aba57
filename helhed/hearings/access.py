# SPDX-License-Identifier: MPL-2.0
"""The only way a view gets a hearing, a response or a point.

Staff look-ups are scoped to the user's municipality: another municipality's object
answers 404, as one that does not exist. The public reaches a started hearing by its
municipality's slug, a published response's attachment through the hearing, and a
response's disposition only through the response's private token.
"""

import uuid

from django.core.exceptions import ValidationError
from django.http import Http404

from helhed.core.tenancy import scope_to_municipality
from helhed.hearings.models import Hearing, HearingResponse, ResponseAttachment, ResponsePoint
from helhed.hearings.selectors import public_hearing
from helhed.hearings.services.response import token_hash
from helhed.organisations.models import Role, User


def access_hearing_by_id(*, user: User, hearing_id: uuid.UUID) -> Hearing:
    queryset = scope_to_municipality(
        Hearing.objects.select_related("version__policy__municipality"), user.municipality_id
    )
    try:
        return queryset.get(pk=hearing_id)
    except Hearing.DoesNotExist as error:
        raise Http404 from error


def access_response_by_id(*, user: User, response_id: uuid.UUID) -> HearingResponse:
    queryset = scope_to_municipality(
        HearingResponse.objects.select_related("hearing__version__policy__municipality"),
        user.municipality_id,
    )
    try:
        return queryset.get(pk=response_id)
    except HearingResponse.DoesNotExist as error:
        raise Http404 from error


def access_point_of_response(*, response: HearingResponse, point_id: str) -> ResponsePoint:
    try:
        return response.points.get(pk=point_id)
    except (ResponsePoint.DoesNotExist, ValueError, ValidationError) as error:
        raise Http404 from error


def access_public_hearing(*, slug: str, hearing_id: uuid.UUID) -> Hearing:
    hearing = public_hearing(slug=slug, hearing_id=hearing_id)
    if hearing is None:
        raise Http404
    return hearing


def access_published_attachment(
    *, slug: str, hearing_id: uuid.UUID, response_id: uuid.UUID
) -> ResponseAttachment:
    """A response's attachment for the public: only when the respondent consented to
    publication, and the response is neither hidden by moderation nor withdrawn."""
    hearing = access_public_hearing(slug=slug, hearing_id=hearing_id)
    found = ResponseAttachment.objects.filter(
        response__hearing=hearing,
        response_id=response_id,
        response__consent_to_publication=True,
        response__hidden_at__isnull=True,
        response__withdrawn_at__isnull=True,
    ).first()
    if found is None:
        raise Http404
    return found


def access_response_by_token(*, token: str) -> HearingResponse:
    if not 20 <= len(token) <= 100:
        raise Http404
    found = (
        HearingResponse.objects.select_related("hearing__version__policy__municipality")
        .filter(token_hash=token_hash(token), hearing__started_at__isnull=False)
        .first()
    )
    if found is None:
        raise Http404
    return found


def can_manage_hearings(user: User) -> bool:
    return user.has_role(Role.POLICY_OFFICER)
