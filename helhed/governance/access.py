# SPDX-License-Identifier: MPL-2.0
"""The only way a view gets a committee, meeting, agenda item, decision entry, milestone
or the policy of a process plan.

Everything is looked up inside the user's municipality: another municipality's object
answers 404, exactly as one that does not exist. Committee cases are staff pages: the
policy officer writes; managers and politicians of the municipality read.
"""

import uuid
from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404

from helhed.core.tenancy import scope_to_municipality
from helhed.governance.models import (
    AgendaEntry,
    AgendaItem,
    Attachment,
    Committee,
    Meeting,
    Milestone,
)
from helhed.organisations.models import Role, User
from helhed.policies.models import Policy

M = TypeVar("M", bound=Model)

READ_ROLES = (Role.POLICY_OFFICER, Role.MANAGER, Role.POLITICIAN)
WRITE_ROLES = (Role.POLICY_OFFICER,)


def _get(queryset: "QuerySet[M]", *, user: User, object_id: uuid.UUID) -> M:
    try:
        return scope_to_municipality(queryset, user.municipality_id).get(pk=object_id)
    except ObjectDoesNotExist as error:
        raise Http404 from error


def access_committee_by_id(*, user: User, committee_id: uuid.UUID) -> Committee:
    return _get(Committee.objects.all(), user=user, object_id=committee_id)


def access_meeting_by_id(*, user: User, meeting_id: uuid.UUID) -> Meeting:
    return _get(Meeting.objects.select_related("committee"), user=user, object_id=meeting_id)


def access_item_by_id(*, user: User, item_id: uuid.UUID) -> AgendaItem:
    queryset = AgendaItem.objects.select_related(
        "decision_authority", "policy_version__policy", "municipality"
    )
    return _get(queryset, user=user, object_id=item_id)


def access_entry_by_id(*, user: User, entry_id: uuid.UUID) -> AgendaEntry:
    queryset = AgendaEntry.objects.select_related("meeting__committee", "item")
    return _get(queryset, user=user, object_id=entry_id)


def access_attachment_by_id(*, user: User, attachment_id: uuid.UUID) -> Attachment:
    return _get(Attachment.objects.select_related("item"), user=user, object_id=attachment_id)


def access_milestone_by_id(*, user: User, milestone_id: uuid.UUID) -> Milestone:
    queryset = Milestone.objects.select_related("policy", "committee")
    return _get(queryset, user=user, object_id=milestone_id)


def access_policy_by_id(*, user: User, policy_id: uuid.UUID) -> Policy:
    return _get(Policy.objects.all(), user=user, object_id=policy_id)


def can_read_governance(user: User) -> bool:
    return user.municipality_id is not None and user.has_role(*READ_ROLES)


def can_edit_governance(user: User) -> bool:
    return user.municipality_id is not None and user.has_role(*WRITE_ROLES)
