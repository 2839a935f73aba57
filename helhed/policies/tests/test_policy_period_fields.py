# SPDX-License-Identifier: MPL-2.0
"""The years of a policy's period get one clear message each, on the right field."""

import pytest
from django.urls import reverse

from helhed.organisations.tests.sessions import login_verified
from helhed.policies.models import PolicyVersion

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        ("99999", "2021", "period_start"),
        ("-5", "2021", "period_start"),
        ("2018", "1999", "period_end"),
    ],
)
def test_an_impossible_year_is_reported_on_its_own_field_only(
    client, policy_officer, start, end, field
):
    login_verified(client, policy_officer)

    response = client.post(
        reverse("policies:policy_create"),
        {"title": "Integrationspolitik", "period_start": start, "period_end": end},
    )

    form = response.context["form"]
    assert response.status_code == 400
    assert set(form.errors) == {field}
    assert not PolicyVersion.objects.exists()
