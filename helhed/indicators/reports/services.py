# SPDX-License-Identifier: MPL-2.0
"""Publishing a report and revising it (docs/adr/0030). A published report's numbers are
never changed: a correction is a new revision with its differences and reason."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from helhed.audit.models import Action
from helhed.audit.services import audit_record
from helhed.indicators.disclosure import Released, UnprotectableError
from helhed.indicators.reports.differences import Difference, document_differences
from helhed.indicators.reports.disclosure_states import kept_state, series_states
from helhed.indicators.reports.kinds import ReportKind, UnknownReportKindError, report_kind
from helhed.indicators.reports.live_release import not_kept
from helhed.indicators.reports.models import Audience, PublishedReport, ReportRevision
from helhed.organisations.models import Municipality, Role, User
from helhed.reports.document import Document, from_data, to_data

REASON_LENGTH = 2000


def _ensure_policy_officer(actor: User, municipality_id: Any) -> None:
    if actor.municipality_id is None or actor.municipality_id != municipality_id:
        raise PermissionDenied
    if not actor.has_role(Role.POLICY_OFFICER):
        raise PermissionDenied


def clean_params(kind: ReportKind, params: dict[str, Any]) -> dict[str, Any]:
    """The params as the kind's form cleans them; ValidationError naming each bad field."""
    if not isinstance(params, dict):
        raise ValidationError({"params": _("The report's parameters are not a set of fields.")})
    form = kind.form(data=params)
    if not form.is_valid():
        raise ValidationError(
            {field: [str(e) for e in errors] for field, errors in form.errors.items()}
        )
    return dict(form.cleaned_data)


def _kind(key: str) -> ReportKind:
    try:
        return report_kind(key)
    except UnknownReportKindError:
        raise ValidationError(
            {"kind": _("There is no report kind %(kind)s.") % {"kind": key}}
        ) from None


def _build(
    kind: ReportKind,
    municipality: Municipality,
    params: dict[str, Any],
    audience: str,
    language: str,
    previous: Sequence[Released] = (),
) -> tuple[Document, dict[str, Any] | None]:
    """The kind's document and, for a linked kind, what its tables published (stored
    form), protected together with every version in ``previous`` (docs/adr/0048, 0049)."""
    with translation.override(language):
        if kind.build_linked is None:
            document, released = kind.build(municipality, params, audience), None
        else:
            try:
                built = kind.build_linked(municipality, params, audience, previous)
            except UnprotectableError:
                raise ValidationError(
                    {
                        NON_FIELD_ERRORS: _(
                            "These numbers cannot be published: together with the numbers "
                            "already published from the same tables, a count of fewer than "
                            "5 persons could be worked out, whatever else is hidden. Ask "
                            "the system's administrator; nothing has been published."
                        )
                    }
                ) from None
            document, released = built.document, built.released
    if document.data_as_of is None:
        raise ValueError(f"Report kind {kind.key!r} built a document without data_as_of")
    return document, None if released is None else released.to_data()


def _earlier_states(report: PublishedReport) -> list[Released]:
    """What every version before a revision of ``report`` published: its series', or
    (a report kept without a series) its own versions'."""
    if report.disclosure_series:
        return series_states(report.municipality_id, report.kind, report.disclosure_series)
    own = [
        report.disclosure,
        *report.revisions.order_by("number").values_list("disclosure", flat=True),
    ]
    return [state for data in own if (state := kept_state(data)) is not None]


@transaction.atomic
def report_publish(
    *,
    actor: User,
    kind: str,
    params: dict[str, Any],
    audience: str,
    recipient: str = "",
) -> PublishedReport:
    """Build the report for `audience` from the registry now and freeze it."""
    municipality = actor.municipality
    if municipality is None:
        raise PermissionDenied
    _ensure_policy_officer(actor, municipality.id)
    report_kind_ = _kind(kind)
    if audience not in Audience.values:
        raise ValidationError({"audience": _("Choose who the report is for.")})
    cleaned = clean_params(report_kind_, params)
    language = settings.LANGUAGE_CODE
    series = ""
    previous: list[Released] = []
    if report_kind_.series is not None:
        series = report_kind_.series(cleaned)[:64]
        # publications of one series follow each other: lock the municipality's row
        Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
        previous = series_states(municipality.id, kind, series)
    document, disclosure = _build(report_kind_, municipality, cleaned, audience, language, previous)
    assert document.data_as_of is not None  # noqa: S101 (_build checks)
    report = PublishedReport(
        municipality=municipality,
        kind=kind,
        params=cleaned,
        audience=audience,
        language=language,
        title=document.title[:300],
        document=to_data(document),
        data_as_of=document.data_as_of,
        published_by=actor,
        published_at=timezone.now(),
        recipient=recipient.strip(),
        disclosure_series=series,
        disclosure=disclosure,
    )
    report.full_clean()
    report.save()
    audit_record(
        actor=actor,
        action=Action.CREATE,
        purpose=f"Published report {report.pk} ({kind}, {audience})",
    )
    return report


@dataclass(frozen=True)
class Version:
    """The report as first published (number 0) or one of its revisions."""

    number: int
    document: Document
    data_as_of: Any
    created_at: Any
    reason: str = ""
    differences: tuple[Difference, ...] = ()


def report_versions(*, report: PublishedReport) -> list[Version]:
    """Every version, the first published first."""
    versions = [Version(0, from_data(report.document), report.data_as_of, report.published_at)]
    for revision in report.revisions.order_by("number"):
        versions.append(
            Version(
                revision.number,
                from_data(revision.document),
                revision.data_as_of,
                revision.created_at,
                revision.reason,
                tuple(Difference.from_data(d) for d in revision.differences),
            )
        )
    return versions


def latest_document(*, report: PublishedReport) -> tuple[int, Document]:
    revision = report.revisions.order_by("-number").first()
    if revision is None:
        return 0, from_data(report.document)
    return revision.number, from_data(revision.document)


def _rebuild(report: PublishedReport) -> tuple[Document, dict[str, Any] | None]:
    """The report from the registry now, as a revision would publish it: a linked kind's
    tables protected together with every earlier version of its series (docs/adr/0049)."""
    kind = _kind(report.kind)
    previous = _earlier_states(report) if kind.build_linked is not None else []
    return _build(
        kind, report.municipality, dict(report.params), report.audience, report.language, previous
    )


def _compare(
    report: PublishedReport,
) -> tuple[Document, dict[str, Any] | None, list[Difference]]:
    _number, frozen = latest_document(report=report)
    now, disclosure = _rebuild(report)
    return now, disclosure, document_differences(frozen, now)


def report_differences(*, report: PublishedReport) -> list[Difference]:
    """Rebuild the report from the registry now and compare it with its latest frozen
    version, cell by cell (nothing is written, not even a live release: the staff read
    the comparison, no one outside it)."""
    with not_kept():
        return _compare(report)[2]


@transaction.atomic
def report_revise(*, actor: User, report: PublishedReport, reason: str) -> ReportRevision:
    """Publish the registry's numbers now as a new revision, with the differences from
    the latest version and the reason. Refused without a reason or without a change."""
    _ensure_policy_officer(actor, report.municipality_id)
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Write why the report is revised: the readers will see it.")}
        )
    if len(reason) > REASON_LENGTH:
        raise ValidationError(
            {"reason": _("Write the reason in at most %(n)d characters.") % {"n": REASON_LENGTH}}
        )
    # one revision at a time per report: the numbers follow each other without gaps
    # and with the publications of the report's series (docs/adr/0048): the municipality
    # first, as publishing locks it
    Municipality.objects.select_for_update().filter(pk=report.municipality_id).first()
    PublishedReport.objects.select_for_update().filter(pk=report.pk).first()
    document, disclosure, differences = _compare(report)
    if not differences:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: _(
                    "The registry gives the same numbers as the report's latest version: "
                    "there is nothing to revise."
                )
            }
        )
    last = report.revisions.aggregate(last=Max("number"))["last"] or 0
    assert document.data_as_of is not None  # noqa: S101 (_build checks)
    revision = ReportRevision(
        report=report,
        number=last + 1,
        document=to_data(document),
        data_as_of=document.data_as_of,
        differences=[d.to_data() for d in differences],
        reason=reason,
        created_by=actor,
        disclosure=disclosure,
    )
    revision.full_clean()
    revision.save()
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        purpose=f"Revised published report {report.pk} (revision {revision.number})",
    )
    return revision
