# SPDX-License-Identifier: MPL-2.0
"""The demo's synthetic plans and the nightly flag refresh: deterministic for a seed,
idempotent, valid by the plan's own rules, refused outside demo settings."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from helhed.caseplans.catalogue import CATALOGUE, is_valid_cvr
from helhed.caseplans.models import Intervention, Partner, Referral, RuleFlag
from helhed.caseplans.synthetic import synthetic_cvr
from helhed.citizens.access import persons_visible_to
from helhed.organisations.models import User

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def registry() -> None:
    run("load_demo")
    run("generate_registry", "--kommunekode", "190")


def _fingerprint() -> list[tuple[str, str, str, str]]:
    return sorted(
        (
            i.kind,
            str(i.starts_on),
            i.person.last_name if i.person else i.household.name,  # type: ignore[union-attr]
            i.partner.name if i.partner else "",
        )
        for i in Intervention.objects.select_related("person", "household", "partner")
    )


def test_synthetic_cvr_numbers_pass_the_modulus_11_check() -> None:
    import random

    rng = random.Random(1)
    numbers = [synthetic_cvr(rng) for _ in range(500)]

    assert all(is_valid_cvr(number) for number in numbers)
    assert len(set(numbers)) > 490


def test_plans_are_generated_once_and_a_second_run_changes_nothing(registry: None) -> None:
    first = run("generate_plans")
    counts = (Intervention.objects.count(), Partner.objects.count(), Referral.objects.count())

    second = run("generate_plans")

    assert "Synthetic plans for Furesø Kommune:" in first
    assert counts[0] > 20
    assert "already present; nothing changed" in second
    assert (Intervention.objects.count(), Partner.objects.count(), Referral.objects.count()) == (
        counts
    )


def test_the_same_seed_gives_the_same_plans(registry: None) -> None:
    run("generate_plans", "--seed", "7")
    first = _fingerprint()
    Intervention.objects.all().delete()
    Referral.objects.all().delete()

    run("generate_plans", "--seed", "7")

    assert _fingerprint() == first


def test_generated_interventions_follow_the_catalogue(registry: None) -> None:
    run("generate_plans")

    for intervention in Intervention.objects.select_related("person", "partner"):
        rules = CATALOGUE[intervention.kind]
        if rules.partner is None:
            assert intervention.partner is None
        else:
            assert intervention.partner is not None
            assert intervention.partner.kind == rules.partner
        assert bool(intervention.sector) == rules.sector
        if intervention.household_id is not None:
            assert rules.household_allowed
        if rules.children_only and intervention.person is not None:
            assert intervention.person.age_on(intervention.starts_on) < 18
        if intervention.ends_on is not None:
            assert intervention.ends_on >= intervention.starts_on
        assert intervention.focus_area is not None
    kinds = Counter(Intervention.objects.values_list("kind", flat=True))
    assert kinds["company_internship"] > 0


def test_accepted_referrals_put_the_children_in_daycares_caseload(registry: None) -> None:
    run("generate_plans")
    daycare = User.objects.get(username="furesoe-dagtilbud")

    accepted = Referral.objects.filter(status="accepted").values_list("person_id", flat=True)

    assert set(accepted) <= set(persons_visible_to(daycare).values_list("id", flat=True))


def test_flags_refresh_opens_flags_once_and_reports_them(registry: None) -> None:
    run("generate_plans")

    first = run("flags_refresh", "--kommunekode", "190")
    opened = RuleFlag.objects.count()
    second = run("flags_refresh", "--kommunekode", "190")

    assert "Rule flags of Furesø Kommune:" in first
    assert f"{opened} flags opened" in first
    assert "0 flags opened, 0 resolved" in second
    assert RuleFlag.objects.count() == opened


def test_flags_refresh_refuses_an_unknown_municipality(db: None) -> None:
    with pytest.raises(CommandError, match="No municipality with kommunekode 999"):
        run("flags_refresh", "--kommunekode", "999")


def test_generate_plans_is_refused_outside_demo_settings(settings, registry: None) -> None:
    settings.HELHED_ALLOW_DEMO = False

    with pytest.raises(CommandError, match="HELHED_ALLOW_DEMO"):
        run("generate_plans")
    assert not Intervention.objects.exists()


def test_generate_plans_refuses_a_municipality_without_a_registry(registry: None) -> None:
    with pytest.raises(CommandError, match="No registry exists for kommunekode 615"):
        run("generate_plans", "--kommunekode", "615")


def test_a_municipality_without_demo_users_gets_plans_made_by_an_account_that_cannot_log_in(
    db: None,
) -> None:
    # given a municipality of the national registry, with a jobcenter and no users
    run("generate_registry", "--kommunekode", "851", "--all")

    run("generate_plans", "--kommunekode", "851")

    makers = {i.created_by for i in Intervention.objects.select_related("created_by")}
    assert len(makers) == 1
    maker = makers.pop()
    assert maker.username == "aalborg-syntetiske-data"
    assert not maker.has_usable_password()
    assert maker.role_set == frozenset()
