# SPDX-License-Identifier: MPL-2.0
"""What the data protection officer produces for a citizen: the look-up report and the
access export. Each is audited as an export of the person's data, in the transaction that
reads it; the purpose the officer states is recorded with it. A CPR number that finds
nobody is audited as a search, committed, and then refused with a ValidationError."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.audit.models import Action
from helhed.audit.selectors import Lookup, person_lookups
from helhed.citizens.cpr import decrypt_cpr
from helhed.organisations.models import User
from helhed.privacy.access import access_person_by_cpr, unknown_cpr
from helhed.privacy.selectors import Data, subject_data


@dataclass(frozen=True)
class LookupReport:
    municipality: str
    name: str
    cpr_masked: str
    produced_at: datetime
    include_names: bool
    lookups: list[Lookup]


def _purpose(kind: str, stated: str) -> str:
    return f"{kind}: {stated.strip()}"


def lookup_report_produce(
    *, actor: User, cpr: str, purpose: str, include_names: bool
) -> LookupReport:
    with transaction.atomic():
        person = access_person_by_cpr(
            user=actor,
            cpr=cpr,
            action=Action.EXPORT,
            purpose=_purpose(_("Look-up report for the citizen"), purpose),
        )
        report = None
        if person is not None:
            report = LookupReport(
                municipality=person.municipality.name,
                name=str(person),
                cpr_masked=decrypt_cpr(person.cpr_encrypted).mask(),
                produced_at=timezone.now(),
                include_names=include_names,
                lookups=person_lookups(
                    municipality_id=person.municipality_id,
                    person_id=person.id,
                    include_names=include_names,
                ),
            )
    if report is None:
        raise unknown_cpr()
    return report


def subject_export_produce(*, actor: User, cpr: str, purpose: str, include_names: bool) -> Data:
    with transaction.atomic():
        person = access_person_by_cpr(
            user=actor,
            cpr=cpr,
            action=Action.EXPORT,
            purpose=_purpose(_("Access request (GDPR article 15)"), purpose),
        )
        data = None if person is None else subject_data(person=person, include_names=include_names)
    if data is None:
        raise unknown_cpr()
    return data
