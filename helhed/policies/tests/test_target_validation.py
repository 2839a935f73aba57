# SPDX-License-Identifier: MPL-2.0
"""A target must be measurable as the indicator measures it, with a plausible deadline."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from helhed.organisations.tests.sessions import login_verified
from helhed.policies import services
from helhed.policies.models import Objective, Target
from helhed.policies.tests.factories import make_policy

pytestmark = pytest.mark.django_db


def _target(version, **fields) -> Target:
    objective = Objective.objects.filter(version=version).first()
    defaults = {
        "version": version,
        "objective": objective,
        "description": "Mindst 45 procent.",
        "indicator_key": "self_support_after_one_year",
        "comparator": "gte",
        "value": Decimal(45),
        "unit": "percent",
        "deadline": date(2021, 12, 31),
    }
    return Target(**{**defaults, **fields})


def test_a_unit_other_than_the_indicators_is_refused(policy_officer):
    version = make_policy(actor=policy_officer)
    before = Target.objects.count()

    with pytest.raises(ValidationError) as caught:
        services.version_part_save(actor=policy_officer, part=_target(version, unit="days"))

    assert "unit" in caught.value.message_dict
    assert Target.objects.count() == before


@pytest.mark.parametrize("deadline", [date(1, 1, 1), date(1900, 1, 1), date(2016, 12, 31)])
def test_a_deadline_far_outside_the_policy_period_is_refused(policy_officer, deadline):
    version = make_policy(actor=policy_officer)  # 2018-2021
    before = Target.objects.count()

    with pytest.raises(ValidationError) as caught:
        services.version_part_save(actor=policy_officer, part=_target(version, deadline=deadline))

    assert "deadline" in caught.value.message_dict
    assert Target.objects.count() == before


@pytest.mark.parametrize("deadline", [date(2017, 1, 1), date(2021, 12, 31), date(2026, 12, 31)])
def test_a_deadline_in_or_near_the_period_is_accepted(policy_officer, deadline):
    version = make_policy(actor=policy_officer)

    target = services.version_part_save(
        actor=policy_officer, part=_target(version, deadline=deadline)
    )

    assert Target.objects.filter(pk=target.pk, deadline=deadline).exists()


@pytest.mark.parametrize(("language", "typed"), [("da", "45,5"), ("da", "45.5"), ("en", "45.5")])
def test_the_target_form_accepts_the_decimal_mark_of_the_language(
    client, policy_officer, language, typed
):
    version = make_policy(actor=policy_officer)
    objective = Objective.objects.filter(version=version).first()
    assert objective is not None
    login_verified(client, policy_officer)
    url = reverse("policies:part_create", kwargs={"version_id": version.id, "kind": "maal"})

    response = client.post(
        url,
        {
            "objective": objective.id,
            "description": "Halvtreds procent.",
            "indicator_key": "self_support_after_one_year",
            "comparator": "gte",
            "value": typed,
            "unit": "percent",
            "deadline": "2021-12-31",
        },
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert response.status_code == 302
    assert Target.objects.filter(version=version, value=Decimal("45.5")).exists()
