# SPDX-License-Identifier: MPL-2.0
"""The retention periods in force for a municipality, and the cut-offs they give.

- Audit events: 6 months by default (the Danish public-sector data-processing clause:
  "Log opbevares i 6 måneder"; Datatilsynet: delete logs automatically when their purpose
  is served), setting HELHED_RETENTION_AUDIT_EVENT_MONTHS.
- A person's registry records: 60 months (5 years) after the case ended, KLE's retention
  code P1825D "5 år efter sagsafslutning", setting HELHED_RETENTION_ENDED_RECORD_MONTHS.
  The case ended when every case assignment of the person has ended; the last end date
  counts. A person with an open assignment, or with none, is never past retention.
- Hearing respondents' personal data (name, e-mail, private link, attachment): 12 months
  after the hearing closed, setting HELHED_RETENTION_HEARING_RESPONSE_MONTHS
  (docs/adr/0035-hearing-moderation-withdrawal-retention.md).
A municipality may set its own periods (RetentionPeriods).
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.utils import timezone

from helhed.organisations.models import Municipality
from helhed.retention.models import RetentionPeriods


@dataclass(frozen=True)
class Periods:
    audit_event_months: int
    ended_record_months: int
    hearing_response_months: int = 12

    def audit_cutoff(self, today: date) -> datetime:
        """Audit events that occurred before this moment are past retention."""
        day = months_before(today, self.audit_event_months)
        return timezone.make_aware(datetime.combine(day, time.min))

    def hearing_cutoff(self, today: date) -> datetime:
        """Hearings that closed before this moment are past retention."""
        day = months_before(today, self.hearing_response_months)
        return timezone.make_aware(datetime.combine(day, time.min))

    def record_cutoff(self, today: date) -> date:
        """A case that ended before this day is past retention."""
        return months_before(today, self.ended_record_months)


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day if shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def periods_for(municipality: Municipality) -> Periods:
    own = RetentionPeriods.objects.filter(municipality=municipality).first()
    audit = own.audit_event_months if own and own.audit_event_months else None
    ended = own.ended_record_months if own and own.ended_record_months else None
    hearing = own.hearing_response_months if own and own.hearing_response_months else None
    return Periods(
        audit_event_months=audit or int(settings.HELHED_RETENTION_AUDIT_EVENT_MONTHS),
        ended_record_months=ended or int(settings.HELHED_RETENTION_ENDED_RECORD_MONTHS),
        hearing_response_months=hearing or int(settings.HELHED_RETENTION_HEARING_RESPONSE_MONTHS),
    )
