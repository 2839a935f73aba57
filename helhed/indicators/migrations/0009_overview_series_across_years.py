"""The monthly overview's kept disclosure states become one series for all years, with the
tables of a year's own arrivals named by the year (docs/adr/0049). Reports kept per year
(``year:YYYY``, ADR 0048) and reports published before any series was kept (series empty,
whose revisions may have kept states) join the series; the year is the report's."""

from typing import Any

from django.db import migrations

KIND = "monthly_overview"
SERIES = "overview"
OWN_TABLES = ("education", "rest", "placements")


def _forwards_key(key: list[str], year: str) -> list[str]:
    # ("education", year) is the education total, tied to the arrivals: it keeps its name
    if key and key[0] in OWN_TABLES and not (key[0] == "education" and key[1:] == [year]):
        return [f"{key[0]}-{year}", *key[1:]]
    return key


def _backwards_key(key: list[str], year: str) -> list[str]:
    if key and key[0] in {f"{name}-{year}" for name in OWN_TABLES}:
        return [key[0].removesuffix(f"-{year}"), *key[1:]]
    return key


def renamed(data: dict[str, Any], year: str, key: Any = _forwards_key) -> dict[str, Any]:
    """A kept state of the year's overview with the year-named keys of docs/adr/0049 (or,
    with ``_backwards_key``, back to ADR 0048's)."""
    return {
        "values": [[key(k, year), v] for k, v in data["values"]],
        "hidden": [key(k, year) for k in data["hidden"]],
        "relations": [
            [key(total, year), [key(p, year) for p in parts]] for total, parts in data["relations"]
        ],
    }


def _year(report: Any) -> str | None:
    if report.disclosure_series.startswith("year:"):
        return str(report.disclosure_series.removeprefix("year:"))
    try:
        return str(int(report.params["aar"]))
    except (KeyError, TypeError, ValueError):
        return None


def _rename(apps: Any, reports: Any, key: Any, series: Any) -> None:
    report_model = apps.get_model("indicators", "PublishedReport")
    revision_model = apps.get_model("indicators", "ReportRevision")
    for report in reports:
        year = _year(report)
        if year is None:
            continue
        if report.disclosure is not None:
            report_model.objects.filter(pk=report.pk).update(
                disclosure=renamed(report.disclosure, year, key)
            )
        for revision in revision_model.objects.filter(report=report, disclosure__isnull=False):
            revision_model.objects.filter(pk=revision.pk).update(
                disclosure=renamed(revision.disclosure, year, key)
            )
        report_model.objects.filter(pk=report.pk).update(disclosure_series=series(year))


def forwards(apps: Any, _schema_editor: Any) -> None:
    report_model = apps.get_model("indicators", "PublishedReport")
    reports = report_model.objects.filter(kind=KIND).exclude(disclosure_series=SERIES)
    _rename(apps, reports, _forwards_key, lambda _year: SERIES)


def backwards(apps: Any, _schema_editor: Any) -> None:
    report_model = apps.get_model("indicators", "PublishedReport")
    reports = report_model.objects.filter(kind=KIND, disclosure_series=SERIES)
    _rename(apps, reports, _backwards_key, lambda year: f"year:{year}")


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0008_report_disclosure_state"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
