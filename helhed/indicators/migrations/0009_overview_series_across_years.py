"""The monthly overview's kept disclosure states become one series for all years, with the
tables of a year's own arrivals named by the year (docs/adr/0049)."""

from typing import Any

from django.db import migrations

OWN_TABLES = ("education", "rest", "placements")


def _key(key: list[str], year: str) -> list[str]:
    # ("education", year) is the education total, tied to the arrivals: it keeps its name
    if key and key[0] in OWN_TABLES and not (key[0] == "education" and key[1:] == [year]):
        return [f"{key[0]}-{year}", *key[1:]]
    return key


def renamed(data: dict[str, Any], year: str) -> dict[str, Any]:
    """A kept state of the year's overview with the year-named keys of docs/adr/0049."""
    return {
        "values": [[_key(k, year), v] for k, v in data["values"]],
        "hidden": [_key(k, year) for k in data["hidden"]],
        "relations": [
            [_key(total, year), [_key(p, year) for p in parts]]
            for total, parts in data["relations"]
        ],
    }


def forwards(apps: Any, _schema_editor: Any) -> None:
    report_model = apps.get_model("indicators", "PublishedReport")
    revision_model = apps.get_model("indicators", "ReportRevision")
    reports = report_model.objects.filter(
        kind="monthly_overview", disclosure_series__startswith="year:"
    )
    for report in reports:
        year = report.disclosure_series.removeprefix("year:")
        if report.disclosure is not None:
            report_model.objects.filter(pk=report.pk).update(
                disclosure=renamed(report.disclosure, year)
            )
        for revision in revision_model.objects.filter(report=report, disclosure__isnull=False):
            revision_model.objects.filter(pk=revision.pk).update(
                disclosure=renamed(revision.disclosure, year)
            )
        report_model.objects.filter(pk=report.pk).update(disclosure_series="overview")


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0008_report_disclosure_state"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
