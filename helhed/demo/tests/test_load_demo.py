# SPDX-License-Identifier: MPL-2.0
"""The demo content: present, faithful to the sources, and loaded idempotently."""

import base64
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.http import HttpRequest
from django_otp.oath import totp  # type: ignore[import-untyped]
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

from helhed.demo.content import DEMO_LOGINS, DEMO_PASSWORD, DEMO_TOTP_KEY
from helhed.organisations.models import Department, Municipality, Role, User
from helhed.organisations.services import municipality_create
from helhed.organisations.totp import totp_key_base32
from helhed.policies.models import (
    FocusArea,
    Initiative,
    Objective,
    Policy,
    PolicyTransition,
    PolicyVersion,
    Status,
    Target,
    TargetGroupEntry,
)

FURESOE_AREAS = [
    "Flere borgere skal være i job, uddannelse og i beskæftigelse",
    "En integrationsindsats, der har fokus på hele familien",
    "Gensidigt medborgerskab og naboskab med danskere i Furesø Kommune",
    "Flere borgere skal deltage aktivt i foreningslivet",
    "Aktiv inddragelse af forældre i dagtilbud og folkeskolen",
]
HORSENS_AREAS = [
    "Civilsamfundet",
    "Beskæftigelse",
    "Dagtilbud, skole og uddannelse",
    "Bosætning",
    "Sprog",
    "Kultur- og fritidsliv",
]
SECTORS = [
    "Fødevareindustri",
    "Detailbranchen",
    "Rengøring",
    "Bygge og anlæg",
    "Restauranter, køkken og kantine",
    "Pleje og omsorg",
    "Transport",
]
ONE_MONTH_RULE = "Senest en måned efter boligplacering er borgeren i gang med den rette indsats."
ROLE_NAMES = {
    "admin": Role.ADMINISTRATOR,
    "politik": Role.POLICY_OFFICER,
    "sagsbehandler": Role.CASEWORKER,
    "dagtilbud": Role.CASEWORKER,
    "leder": Role.MANAGER,
    "politiker": Role.POLITICIAN,
    "dpo": Role.DATA_PROTECTION_OFFICER,
}


def run(command: str) -> str:
    out = io.StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo():
    return run("load_demo")


def version_of(kommunekode: str) -> PolicyVersion:
    return PolicyVersion.objects.get(policy__municipality__kommunekode=kommunekode)


def snapshot() -> dict[str, list[tuple[object, ...]]]:
    """Every row of every model (auto-created many-to-many tables too), every column."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        columns = [f.attname for f in model._meta.concrete_fields]
        rows[model._meta.label] = list(model._base_manager.order_by("pk").values_list(*columns))
    return rows


@pytest.mark.django_db
def test_both_municipalities_and_adopted_policies_exist(demo):
    assert {(m.kommunekode, m.name, m.slug) for m in Municipality.objects.all()} == {
        ("190", "Furesø Kommune", "furesoe"),
        ("615", "Horsens Kommune", "horsens"),
    }
    for kommunekode in ("190", "615"):
        assert Policy.objects.filter(municipality__kommunekode=kommunekode).count() == 1
        assert version_of(kommunekode).status == Status.ADOPTED
    assert Department.objects.filter(municipality__kommunekode="615").count() == 7


@pytest.mark.django_db
def test_furesoe_policy(demo):
    version = version_of("190")
    assert (version.title, version.period_start, version.period_end) == (
        "Integrationspolitik",
        2018,
        2021,
    )
    assert version.vision == "Vi skaber løsninger sammen"
    assert list(version.focus_areas.order_by("order").values_list("title", flat=True)) == (
        FURESOE_AREAS
    )
    assert version.introduction.startswith("Integrationspolitikken for 2018-2021 skaber retning")
    assert "Integrationsindsatsen skal udvikles og målrettes" in version.introduction
    assert "alle tilflyttere til kommunen" in version.target_group_description
    assert list(version.target_groups.values_list("kind", "text")) == [
        (TargetGroupEntry.Kind.INCLUDED, "Alle tilflyttere til kommunen")
    ]
    # The source states no named values, objectives, targets or initiatives.
    assert not version.values.exists()
    assert not version.objectives.exists()
    assert not version.initiatives.exists()


@pytest.mark.django_db
def test_furesoe_lifecycle(demo):
    version = version_of("190")
    steps = {s.to_status: s for s in version.transitions.all()}
    assert {(s.from_status, s.to_status) for s in steps.values()} == {
        ("", Status.DRAFT),
        (Status.DRAFT, Status.HEARING),
        (Status.HEARING, Status.ADOPTED),
    }
    hearing = steps[Status.HEARING]
    assert hearing.effective_on == date(2018, 8, 7)
    assert hearing.note == "I høring fra den 7. august 2018 til og med den 28. august 2018."
    assert hearing.actor.username == "furesoe-politik"
    assert steps[Status.ADOPTED].effective_on is None
    assert version.adopted_on is None


@pytest.mark.django_db
def test_horsens_values_focus_areas_and_target_group(demo):
    version = version_of("615")
    assert version.subtitle == "En beskæftigelses- og helhedsorienteret tilgang"
    assert (version.period_start, version.period_end) == (2016, 2020)
    assert list(version.values.order_by("order").values_list("name", flat=True)) == [
        "Helhed",
        "Resultat",
        "Respekt",
        "Kvalitet",
    ]
    assert version.values.get(name="Respekt").description.startswith(
        "Alle flygtninge og indvandrere skal have samme muligheder"
    )
    assert list(version.focus_areas.order_by("order").values_list("title", flat=True)) == (
        HORSENS_AREAS
    )
    assert "som hovedregel" in version.target_group_description
    assert list(
        version.target_groups.filter(kind=TargetGroupEntry.Kind.EXCLUDED).values_list(
            "text", flat=True
        )
    ) == ["Arbejdstagere fra EU-lande og andre vestlige lande"]
    assert version.target_groups.filter(kind=TargetGroupEntry.Kind.INCLUDED).count() == 4
    assert version.adopted_on == date(2016, 4, 26)


@pytest.mark.django_db
def test_horsens_result_target(demo):
    version = version_of("615")
    objective = Objective.objects.get(version=version, focus_area=None)
    assert objective.text == "Det overordnede strategiske mål: Flere i selvforsørgelse"
    target = objective.targets.get()
    assert target.description.startswith("Mindst 45 procent af kontanthjælpsmodtagerne")
    assert target.indicator_key == "self_support_after_one_year"
    assert target.comparator == "gte"
    assert target.value == Decimal(45)
    assert target.unit == "percent"
    assert target.deadline == date(2020, 12, 31)


@pytest.mark.django_db
def test_horsens_one_month_rule(demo):
    version = version_of("615")
    objective = Objective.objects.get(version=version, text=ONE_MONTH_RULE)
    assert objective.focus_area is not None
    assert objective.focus_area.title == "Beskæftigelse"
    target = Target.objects.get(objective=objective)
    assert target.description == ONE_MONTH_RULE
    assert target.indicator_key == "company_intervention_within_one_month"
    assert (target.comparator, target.value, target.unit) == ("gte", Decimal(100), "percent")
    assert target.deadline == date(2020, 12, 31)
    assert Objective.objects.filter(
        focus_area__title="Dagtilbud, skole og uddannelse",
        text__startswith="Uledsagede flygtninge under 18 år skal hurtigst muligt integreres",
    ).exists()


@pytest.mark.django_db
def test_horsens_industry_package_initiative(demo):
    initiative = Initiative.objects.get(version=version_of("615"), title="Branchepakkeindsats")
    assert initiative.focus_area.title == "Beskæftigelse"
    for sector in SECTORS:
        assert sector in initiative.description.splitlines()
    assert initiative.owner_department is not None
    assert initiative.owner_department.name == "Jobcenter"
    assert initiative.owner_department.municipality.kommunekode == "615"
    assert initiative.start_date == date(2016, 1, 1)
    assert (initiative.status, initiative.progress) == ("in_progress", 0)


@pytest.mark.django_db
def test_every_role_has_a_demo_user_who_can_log_in(demo, client):
    for slug in ("furesoe", "horsens"):
        for rolename, role in ROLE_NAMES.items():
            user = User.objects.get(username=f"{slug}-{rolename}")
            assert user.municipality is not None
            assert user.municipality.slug == slug
            assert user.role_set == {role}
            assert user.first_name
            assert user.last_name
            # django-axes counts logins per request: the test client's login needs one
            assert client.login(
                request=HttpRequest(), username=user.username, password=DEMO_PASSWORD
            )
            client.logout()
    assert not User.objects.get(username="horsens-politiker").departments.exists()
    assert list(
        User.objects.get(username="horsens-sagsbehandler").departments.values_list(
            "name", flat=True
        )
    ) == ["Jobcenter"]
    assert list(
        User.objects.get(username="horsens-dagtilbud").departments.values_list("name", flat=True)
    ) == ["Dagtilbud"]
    assert list(
        User.objects.get(username="furesoe-politik").departments.values_list("name", flat=True)
    ) == ["Forvaltningen"]


@pytest.mark.django_db
def test_second_run_changes_nothing(demo):
    assert "created 2 municipalities, 14 departments, 14 users, 2 policies" in demo
    before = snapshot()
    counts = {label: len(rows) for label, rows in before.items()}
    assert counts["policies.PolicyTransition"] == 6

    output = run("load_demo")

    assert snapshot() == before
    assert {label: len(rows) for label, rows in snapshot().items()} == counts
    assert output.count("\n") == 1
    assert "created nothing" in output
    assert "already present 2 municipalities, 14 departments, 14 users, 2 policies" in output


@pytest.mark.django_db
def test_existing_municipality_is_reused():
    municipality_create(kommunekode="615", name="Horsens Kommune", slug="horsens")
    output = run("load_demo")
    assert Municipality.objects.count() == 2
    assert "created 1 municipality," in output
    assert "already present 1 municipality." in output
    assert PolicyTransition.objects.filter(version__policy__municipality__slug="horsens").exists()
    assert FocusArea.objects.filter(version__policy__municipality__slug="horsens").count() == 6


@pytest.mark.django_db
def test_demo_logins_lists_every_demo_user(demo, client):
    output = run("demo_logins")
    usernames = set(User.objects.values_list("username", flat=True))
    assert len(usernames) == 14
    for username in usernames:
        assert f"| {username} " in output
    # The table is the truth: every row logs in with the password it prints.
    rows = [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in output.splitlines()[2:]
        if line.startswith("|")
    ]
    assert len(rows) == len(DEMO_LOGINS) == 14
    # ... and where it says "totp", the key it prints gives a code that the user's
    # authenticator device accepts
    printed_key = output.rsplit(":", 1)[1].replace(" ", "").strip()
    key = base64.b32decode(printed_key + "=" * (-len(printed_key) % 8))
    second_factors = set()
    for username, role, municipality, password, second_factor in rows:
        user = User.objects.get(username=username)
        assert user.role_set == {role}
        assert str(user.municipality) == municipality
        assert client.login(request=HttpRequest(), username=username, password=password)
        client.logout()
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        assert (device is not None) == (second_factor == "totp"), username
        if device is not None:
            assert device.bin_key == key
            assert device.verify_token(str(totp(key)).zfill(6))
        second_factors.add(second_factor)
    assert second_factors == {"totp", "-"}


@pytest.mark.django_db
def test_load_demo_is_refused_where_settings_do_not_allow_it(settings):
    # given settings that do not allow the demo (as in production)
    settings.HELHED_ALLOW_DEMO = False
    # when / then
    with pytest.raises(CommandError, match="HELHED_ALLOW_DEMO"):
        call_command("load_demo")
    assert not Municipality.objects.exists()


def test_the_readme_publishes_the_demo_totp_key_and_who_needs_it() -> None:
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    spaced = totp_key_base32(DEMO_TOTP_KEY)

    assert spaced in readme
    assert spaced.replace(" ", "") in readme
    for login in DEMO_LOGINS:
        row = next(line for line in readme.splitlines() if line.startswith(f"| {login.username} "))
        assert ("| TOTP" in row) == (login.second_factor == "totp"), row
