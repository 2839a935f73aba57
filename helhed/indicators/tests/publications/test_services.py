# SPDX-License-Identifier: MPL-2.0
"""Publishing freezes a report; a registry correction shows as differences and becomes a
revision only with a reason; a hidden cell never gives its number away (ADR 0030)."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from helhed.audit.models import AuditEvent
from helhed.indicators.reports.models import (
    Audience,
    FrozenError,
    PublishedReport,
    ReportRevision,
)
from helhed.indicators.reports.services import (
    latest_document,
    report_differences,
    report_publish,
    report_revise,
    report_versions,
)
from helhed.indicators.tests.publications.factories import (
    PARAMS,
    TARGET,
    WHOLE_YEAR,
    arrivals,
    policy_in_force,
)
from helhed.organisations.models import Municipality, User
from helhed.reports.document import Hidden, from_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]


def publish(actor: User, **overrides: Any) -> PublishedReport:
    arguments: dict[str, Any] = {
        "actor": actor,
        "kind": "target_status",
        "params": dict(PARAMS),
        "audience": Audience.COMMITTEE,
        "recipient": "Beskæftigelses- og Integrationsudvalget, møde 12.3.2026",
    }
    arguments.update(overrides)
    return report_publish(**arguments)


def current_value(document_data: dict[str, Any]) -> Any:
    table = from_data(document_data).tables()[0]
    row = next(r for r in table.rows if str(r[0]).startswith(TARGET))
    return row[5]


def counts() -> tuple[int, int, int]:
    return (
        PublishedReport.objects.count(),
        ReportRevision.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def target(own_municipality: Municipality) -> None:
    policy_in_force(own_municipality)


@pytest.mark.usefixtures("target")
def test_publishing_freezes_the_numbers_and_the_time_of_the_data(
    policy_officer: User, caseworker: User
) -> None:
    arrivals(caseworker, 6, on=WHOLE_YEAR)
    report = publish(policy_officer)
    report.refresh_from_db()
    assert current_value(report.document) == 6.0
    assert report.data_as_of is not None
    assert from_data(report.document).data_as_of == report.data_as_of
    assert report.title == "Status for politikkens mål"
    assert report.language == "da"
    assert report.params == PARAMS
    assert report_differences(report=report) == []


@pytest.mark.usefixtures("target")
def test_a_registry_correction_leaves_the_published_numbers_unchanged(
    policy_officer: User, caseworker: User
) -> None:
    arrivals(caseworker, 6, on=WHOLE_YEAR)
    report = publish(policy_officer)
    frozen = dict(report.document)

    arrivals(caseworker, 2, on=WHOLE_YEAR)  # two arrivals registered late

    report.refresh_from_db()
    assert report.document == frozen
    assert current_value(report.document) == 6.0
    differences = report_differences(report=report)
    assert [(d.row.startswith(TARGET), d.column, d.old, d.new) for d in differences] == [
        (True, "Aktuel værdi", 6.0, 8.0)
    ]
    assert differences[0].table == "Målene i den gældende politik med deres status"
    # reading the differences wrote nothing
    report.refresh_from_db()
    assert report.document == frozen
    assert ReportRevision.objects.count() == 0


@pytest.mark.usefixtures("target")
def test_a_revision_keeps_the_first_numbers_and_records_the_differences_and_reason(
    policy_officer: User, caseworker: User
) -> None:
    arrivals(caseworker, 6, on=WHOLE_YEAR)
    report = publish(policy_officer)
    arrivals(caseworker, 2, on=WHOLE_YEAR)

    revision = report_revise(
        actor=policy_officer, report=report, reason="  To ankomster var ikke registreret.  "
    )

    assert revision.number == 1
    assert revision.reason == "To ankomster var ikke registreret."
    assert revision.created_by == policy_officer
    assert current_value(revision.document) == 8.0
    assert revision.differences == [
        {
            "table": "Målene i den gældende politik med deres status",
            "row": revision.differences[0]["row"],
            "column": "Aktuel værdi",
            "kind": "number",
            "decimals": 1,
            "old": 6.0,
            "new": 8.0,
        }
    ]
    report.refresh_from_db()
    assert current_value(report.document) == 6.0
    assert latest_document(report=report)[0] == 1
    assert [v.number for v in report_versions(report=report)] == [0, 1]
    # the next correction is compared with revision 1, not with the first numbers
    arrivals(caseworker, 1, on=WHOLE_YEAR)
    [difference] = report_differences(report=report)
    assert (difference.old, difference.new) == (8.0, 9.0)
    second = report_revise(actor=policy_officer, report=report, reason="Endnu en.")
    assert second.number == 2


@pytest.mark.usefixtures("target")
def test_a_frozen_report_or_revision_cannot_be_saved_or_updated(
    policy_officer: User, caseworker: User
) -> None:
    arrivals(caseworker, 6, on=WHOLE_YEAR)
    report = publish(policy_officer)
    report.title = "Ændret"
    with pytest.raises(FrozenError):
        report.save()
    with pytest.raises(FrozenError):
        PublishedReport.objects.filter(pk=report.pk).update(title="Ændret")
    arrivals(caseworker, 1, on=WHOLE_YEAR)
    revision = report_revise(actor=policy_officer, report=report, reason="Rettelse.")
    with pytest.raises(FrozenError):
        revision.save()
    with pytest.raises(FrozenError):
        ReportRevision.objects.update(reason="x")
    report.refresh_from_db()
    assert report.title == "Status for politikkens mål"


@pytest.mark.usefixtures("target")
def test_a_hidden_cell_is_compared_by_its_label_and_never_shows_its_number(
    policy_officer: User, caseworker: User
) -> None:
    arrivals(caseworker, 3, on=WHOLE_YEAR)
    report = publish(policy_officer, audience=Audience.PUBLIC)
    assert current_value(report.document) == Hidden("skjult")

    arrivals(caseworker, 1, on=WHOLE_YEAR)  # 4: still hidden, so nothing a reader saw has changed
    assert report_differences(report=report) == []
    with pytest.raises(ValidationError) as error:
        report_revise(actor=policy_officer, report=report, reason="Rettelse.")
    assert "der er intet at revidere" in str(error.value)

    arrivals(caseworker, 3, on=WHOLE_YEAR)  # 7: now published; the old cell shows as its label
    differences = {d.column: (d.old, d.new) for d in report_differences(report=report)}
    assert differences["Aktuel værdi"] == (Hidden("skjult"), 7.0)
    # the status was hidden with the value, and is shown with it
    assert differences["Status"][0] == Hidden("skjult")
    assert isinstance(differences["Status"][1], str)
    revision = report_revise(actor=policy_officer, report=report, reason="Rettelse.")
    stored = {d["column"]: d for d in revision.differences}
    assert stored["Aktuel værdi"]["old"] == {"hidden": "skjult"}
    assert stored["Aktuel værdi"]["new"] == 7.0


@pytest.mark.usefixtures("target")
def test_the_status_is_hidden_with_a_hidden_value(policy_officer: User, caseworker: User) -> None:
    arrivals(caseworker, 2, on=WHOLE_YEAR)
    report = publish(policy_officer)
    row = from_data(report.document).tables()[0].rows[0]
    assert row[5] == Hidden("skjult")
    assert row[6] == Hidden("skjult")


# --- refusals: a clear message, nothing written ----------------------------------------


@pytest.mark.usefixtures("target")
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"kind": "ukendt"}, "kind", "Der findes ingen rapporttype ukendt."),
        ({"audience": "staff"}, "audience", "Vælg, hvem rapporten er til."),
        ({"params": {"aar": "abc", "maaned": 11}}, "aar", "Skriv året med fire cifre"),
        ({"params": {"aar": 2026}}, "maaned", "Dette felt er påkrævet."),
        ({"params": {"aar": 2026, "maaned": 13}}, "maaned", "13 er ikke en af de tilgængelige"),
        ({"params": {"aar": 2026, "maaned": 12}}, "maaned", "Vælg en måned, der er slut."),
        ({"params": {"aar": 1999, "maaned": 1}}, "aar", "Vælg et år fra 2000."),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    policy_officer: User, caseworker: User, overrides: dict[str, Any], field: str, message: str
) -> None:
    arrivals(caseworker, 6, on=WHOLE_YEAR)
    before = counts()
    with pytest.raises(ValidationError) as error:
        publish(policy_officer, **overrides)
    assert field in error.value.message_dict
    assert message in " ".join(error.value.message_dict[field])
    assert counts() == before


def test_a_municipality_without_a_policy_is_told_so(policy_officer: User) -> None:
    with pytest.raises(ValidationError, match="ingen vedtaget politik med mål"):
        publish(policy_officer)
    assert PublishedReport.objects.count() == 0


@pytest.mark.usefixtures("target")
@pytest.mark.parametrize("reason", ["", "   \n "])
def test_a_revision_without_a_reason_is_refused(
    policy_officer: User, caseworker: User, reason: str
) -> None:
    arrivals(caseworker, 6, on=WHOLE_YEAR)
    report = publish(policy_officer)
    arrivals(caseworker, 1, on=WHOLE_YEAR)
    before = counts()
    with pytest.raises(ValidationError) as error:
        report_revise(actor=policy_officer, report=report, reason=reason)
    assert "Skriv, hvorfor rapporten revideres" in " ".join(error.value.message_dict["reason"])
    assert counts() == before


@pytest.mark.usefixtures("target")
def test_a_revision_without_a_change_is_refused(policy_officer: User, caseworker: User) -> None:
    arrivals(caseworker, 6, on=WHOLE_YEAR)
    report = publish(policy_officer)
    before = counts()
    with pytest.raises(ValidationError, match="intet at revidere"):
        report_revise(actor=policy_officer, report=report, reason="Ingen grund.")
    assert counts() == before


@pytest.mark.usefixtures("target")
def test_only_a_policy_officer_of_the_municipality_publishes_and_revises(
    policy_officer: User, manager: User, other_policy_officer: User, caseworker: User
) -> None:
    arrivals(caseworker, 6, on=WHOLE_YEAR)
    with pytest.raises(PermissionDenied):
        publish(manager)
    report = publish(policy_officer)
    arrivals(caseworker, 1, on=WHOLE_YEAR)
    before = counts()
    for actor in (manager, other_policy_officer):
        with pytest.raises(PermissionDenied):
            report_revise(actor=actor, report=report, reason="Rettelse.")
    assert counts() == before


def test_each_municipality_publishes_its_own_numbers(
    policy_officer: User,
    other_policy_officer: User,
    caseworker: User,
    other_caseworker: User,
    own_municipality: Municipality,
    other_municipality: Municipality,
) -> None:
    policy_in_force(own_municipality)
    policy_in_force(other_municipality)
    arrivals(caseworker, 6, on=WHOLE_YEAR)
    arrivals(other_caseworker, 9, on=WHOLE_YEAR)
    assert current_value(publish(policy_officer).document) == 6.0
    assert current_value(publish(other_policy_officer).document) == 9.0
