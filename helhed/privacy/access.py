# SPDX-License-Identifier: MPL-2.0
"""The data protection officer's only way to a person: by CPR number (posted, never in a
URL), found by the keyed lookup hash inside the officer's municipality, and audited.

The officer sees every person of the municipality, but only to answer for the audit log
and for citizens' requests: reading the person writes an event with the stated purpose;
a CPR number that finds nobody is audited as a search with the masked number.
"""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from helhed.audit.models import Action
from helhed.audit.services import audit_record
from helhed.citizens.cpr import cpr_lookup_hash, parse_cpr
from helhed.citizens.models import Person
from helhed.core.tenancy import scope_to_municipality
from helhed.organisations.models import Role, User


def _require_officer(user: User) -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Read persons inside a transaction, so the read and its audit agree")
    if user.municipality_id is None or not user.has_role(Role.DATA_PROTECTION_OFFICER):
        raise PermissionDenied


def access_person_by_id(*, user: User, person_id: uuid.UUID, purpose: str) -> Person | None:
    """The person again (the next page of their audit trail), with one audit event; None
    when the person is not in the officer's municipality (or no longer exists)."""
    _require_officer(user)
    persons = scope_to_municipality(Person.objects.all(), user.municipality_id)
    person = persons.filter(pk=person_id).first()
    if person is not None:
        audit_record(actor=user, action=Action.READ, person_id=person.id, purpose=purpose)
    return person


def access_person_by_cpr(
    *, user: User, cpr: str, purpose: str, action: str = Action.READ
) -> Person | None:
    """The person with this CPR number in the officer's municipality, with one audit event;
    None when nobody has it (the search is audited: the caller lets that commit, then tells
    the officer with `unknown_cpr`). A malformed number raises a ValidationError that does
    not repeat it, and audits nothing: nothing was looked up."""
    _require_officer(user)
    number = parse_cpr(cpr)
    persons = scope_to_municipality(Person.objects.all(), user.municipality_id)
    person = persons.select_related("household").filter(cpr_hash=cpr_lookup_hash(number)).first()
    if person is None:
        audit_record(
            actor=user,
            action=Action.SEARCH,
            search_criterion=f"CPR {number.mask()}",
            purpose=purpose,
        )
        return None
    audit_record(actor=user, action=action, person_id=person.id, purpose=purpose)
    return person


def unknown_cpr() -> ValidationError:
    return ValidationError(
        _("No person with this CPR number is registered in the municipality."),
        code="cpr_unknown",
    )


def access_person_for_hold(*, user: User, cpr: str, reason: str) -> Person | None:
    """The person to place an archival hold on (ADR 0037). A found person is not audited
    here: the hold's service records the one event (a change, with the reason) in the same
    transaction, which the caller must hold open. A CPR number that finds nobody is
    audited as a search, as in `access_person_by_cpr`."""
    _require_officer(user)
    number = parse_cpr(cpr)
    persons = scope_to_municipality(Person.objects.all(), user.municipality_id)
    person = persons.filter(cpr_hash=cpr_lookup_hash(number)).first()
    if person is None:
        audit_record(
            actor=user,
            action=Action.SEARCH,
            search_criterion=f"CPR {number.mask()}",
            purpose=_("Archival hold: %(reason)s") % {"reason": reason.strip()},
        )
    return person
