# SPDX-License-Identifier: MPL-2.0
"""Reads of integrations, always within one municipality."""

import uuid

from django.db.models import QuerySet
from django.http import Http404

from helhed.api.models import Integration
from helhed.core.tenancy import scope_to_municipality
from helhed.organisations.models import User


def integrations_for_user(*, user: User) -> QuerySet[Integration]:
    return scope_to_municipality(Integration.objects.all(), user.municipality_id).prefetch_related(
        "departments"
    )


def access_integration_by_id(*, user: User, integration_id: uuid.UUID) -> Integration:
    integration = integrations_for_user(user=user).filter(pk=integration_id).first()
    if integration is None:
        raise Http404
    return integration
