# SPDX-License-Identifier: MPL-2.0
"""`manage.py retention_run [--dry-run] [--kommunekode KODE]`: delete what is past its
retention period (audit events; the records of persons whose case ended long enough ago),
keeping everything under an archival hold, and report what was done. Run it nightly."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from helhed.organisations.models import Municipality
from helhed.retention.services import RetentionOutcome, retention_run


class Command(BaseCommand):
    help = "Delete audit events and ended registry records past retention (not held ones)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be deleted; delete nothing."
        )
        parser.add_argument("--kommunekode", action="append", dest="kommunekoder", metavar="KODE")
        parser.add_argument("--language", default="da", choices=["da", "en"])

    def handle(self, *args: Any, **options: Any) -> None:
        codes: list[str] | None = options["kommunekoder"]
        with translation.override(options["language"]):
            if codes:
                known = set(
                    Municipality.objects.filter(kommunekode__in=codes).values_list(
                        "kommunekode", flat=True
                    )
                )
                missing = sorted(set(codes) - known)
                if missing:
                    raise CommandError(
                        _("--kommunekode: no municipality with kommunekode %(codes)s.")
                        % {"codes": ", ".join(missing)}
                    )
            for outcome in retention_run(dry_run=options["dry_run"], kommunekoder=codes):
                self.stdout.write(_line(outcome))
                if outcome.hearing_responses or outcome.hearing_responses_held:
                    self.stdout.write(_hearing_line(outcome))


def _line(outcome: RetentionOutcome) -> str:
    values = {
        "name": outcome.municipality.name,
        "events": outcome.audit_events,
        "audit_cutoff": f"{outcome.audit_cutoff:%Y-%m-%d}",
        "persons": outcome.persons,
        "households": outcome.households,
        "record_cutoff": f"{outcome.record_cutoff:%Y-%m-%d}",
        "held": outcome.persons_held,
    }
    if outcome.dry_run:
        text = _(
            "%(name)s (dry run, nothing deleted): would delete %(events)d audit events from "
            "before %(audit_cutoff)s and %(persons)d persons whose case ended before "
            "%(record_cutoff)s; %(held)d such persons are kept under an archival hold."
        )
    else:
        text = _(
            "%(name)s: deleted %(events)d audit events from before %(audit_cutoff)s, "
            "%(persons)d persons whose case ended before %(record_cutoff)s and %(households)d "
            "households left without members; %(held)d such persons kept under an archival "
            "hold."
        )
    return text % values


def _hearing_line(outcome: RetentionOutcome) -> str:
    values = {
        "name": outcome.municipality.name,
        "responses": outcome.hearing_responses,
        "held": outcome.hearing_responses_held,
        "cutoff": f"{outcome.hearing_cutoff:%Y-%m-%d}",
    }
    if outcome.dry_run:
        text = _(
            "%(name)s (dry run): would erase the personal data of %(responses)d hearing "
            "responses to hearings closed before %(cutoff)s; %(held)d kept under an archival "
            "hold."
        )
    else:
        text = _(
            "%(name)s: erased the personal data of %(responses)d hearing responses to "
            "hearings closed before %(cutoff)s; %(held)d kept under an archival hold."
        )
    return text % values
