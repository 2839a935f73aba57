# SPDX-License-Identifier: MPL-2.0
"""The only way a view gets a policy version or a part of one.

Everything is looked up inside the user's municipality: an object of another
municipality answers 404, exactly as one that does not exist. Changing requires the
policy-officer role (403 otherwise).
"""

import uuid
from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model
from django.http import Http404

from helhed.core.tenancy import scope_to_municipality
from helhed.organisations.models import Role, User
from helhed.policies.models import PolicyVersion

M = TypeVar("M", bound=Model)


def access_object_by_id(*, user: User, model: type[M], object_id: uuid.UUID) -> M:
    queryset = scope_to_municipality(model._default_manager.all(), user.municipality_id)
    try:
        return queryset.get(pk=object_id)
    except ObjectDoesNotExist as error:
        raise Http404 from error


def access_version_by_id(*, user: User, version_id: uuid.UUID) -> PolicyVersion:
    queryset = scope_to_municipality(
        PolicyVersion.objects.select_related("policy__municipality", "based_on"),
        user.municipality_id,
    )
    try:
        return queryset.get(pk=version_id)
    except PolicyVersion.DoesNotExist as error:
        raise Http404 from error


def can_edit_policies(user: User) -> bool:
    return user.has_role(Role.POLICY_OFFICER)


def can_follow_up_initiatives(user: User) -> bool:
    return user.has_role(Role.POLICY_OFFICER, Role.MANAGER)
