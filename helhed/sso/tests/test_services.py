# SPDX-License-Identifier: MPL-2.0
"""sso_user_provision and saml_assertion_consume: who gets in, with what, and who not."""

import datetime

import pytest
from django.utils import timezone

from helhed.organisations.models import Municipality, User
from helhed.organisations.tests.factories import make_user
from helhed.sso.configuration import sso_role_map
from helhed.sso.models import ConsumedAssertion, SsoIdentity
from helhed.sso.services import (
    SsoIdentityClaims,
    SsoRefusedError,
    saml_assertion_consume,
    sso_user_provision,
)

ISSUER = "https://idp.horsens.example"


def _claims(*job_functions: str, subject: str = "subject-1") -> SsoIdentityClaims:
    return SsoIdentityClaims(
        protocol="saml",
        issuer=ISSUER,
        subject=subject,
        job_functions=job_functions,
        first_name="Karin",
        last_name="Hansen",
        email="karin@horsens.dk",
    )


@pytest.fixture
def mapped(own_municipality: Municipality) -> Municipality:
    sso_role_map(
        municipality=own_municipality, value="case", role="caseworker", department_name="Jobcenter"
    )
    sso_role_map(municipality=own_municipality, value="case", role="manager")
    sso_role_map(
        municipality=own_municipality,
        value="policy",
        role="policy_officer",
        department_name="Forvaltningen",
    )
    return own_municipality


def test_a_new_user_gets_every_role_and_department_their_job_functions_map_to(
    mapped: Municipality,
) -> None:
    user = sso_user_provision(municipality=mapped, claims=_claims("case", "policy", "unmapped"))

    assert user.municipality == mapped
    assert user.role_set == {"caseworker", "manager", "policy_officer"}
    assert sorted(d.name for d in user.departments.all()) == ["Forvaltningen", "Jobcenter"]
    assert not user.has_usable_password()
    assert user.username.startswith("sso-615-")
    assert SsoIdentity.objects.get().user == user


def test_no_mapped_job_function_is_refused_and_creates_nothing(mapped: Municipality) -> None:
    with pytest.raises(SsoRefusedError):
        sso_user_provision(municipality=mapped, claims=_claims("unmapped"))

    assert not User.objects.exists()
    assert not SsoIdentity.objects.exists()


def test_a_returning_user_who_lost_every_role_is_refused_and_keeps_nothing_new(
    mapped: Municipality,
) -> None:
    user = sso_user_provision(municipality=mapped, claims=_claims("case"))

    with pytest.raises(SsoRefusedError):
        sso_user_provision(municipality=mapped, claims=_claims())

    assert User.objects.get() == user


def test_a_job_function_of_another_municipality_gives_nothing(
    mapped: Municipality, other_municipality: Municipality
) -> None:
    sso_role_map(municipality=other_municipality, value="furesoe-admin", role="administrator")

    with pytest.raises(SsoRefusedError):
        sso_user_provision(municipality=mapped, claims=_claims("furesoe-admin"))


def test_an_identity_already_bound_to_another_municipality_is_refused(
    mapped: Municipality, other_municipality: Municipality
) -> None:
    # given the identity belongs to a Furesø user
    furesoe_user = make_user(municipality=other_municipality, roles=["caseworker"], username="f")
    SsoIdentity.objects.create(
        user=furesoe_user, protocol="saml", issuer=ISSUER, subject="subject-1"
    )

    with pytest.raises(SsoRefusedError) as refused:
        sso_user_provision(municipality=mapped, claims=_claims("case"))

    assert refused.value.message == "Dit login hører til en anden kommune."
    furesoe_user.refresh_from_db()
    assert furesoe_user.role_set == {"caseworker"}
    assert list(furesoe_user.departments.all()) == []


def test_a_deactivated_user_is_refused(mapped: Municipality) -> None:
    user = sso_user_provision(municipality=mapped, claims=_claims("case"))
    User.objects.filter(pk=user.pk).update(is_active=False)

    with pytest.raises(SsoRefusedError):
        sso_user_provision(municipality=mapped, claims=_claims("case"))


def test_an_empty_subject_is_refused(mapped: Municipality) -> None:
    with pytest.raises(SsoRefusedError):
        sso_user_provision(municipality=mapped, claims=_claims("case", subject=""))

    assert not User.objects.exists()


def test_an_email_that_is_not_one_is_not_stored(mapped: Municipality) -> None:
    claims = SsoIdentityClaims(
        protocol="oidc", issuer=ISSUER, subject="s", job_functions=("case",), email="nope"
    )

    assert sso_user_provision(municipality=mapped, claims=claims).email == ""


@pytest.mark.django_db
def test_an_assertion_id_is_consumed_once() -> None:
    later = timezone.now() + datetime.timedelta(minutes=5)
    saml_assertion_consume(assertion_id="id-1", issuer=ISSUER, not_on_or_after=later)

    with pytest.raises(SsoRefusedError):
        saml_assertion_consume(assertion_id="id-1", issuer=ISSUER, not_on_or_after=later)

    saml_assertion_consume(assertion_id="id-2", issuer=ISSUER, not_on_or_after=later)
    assert ConsumedAssertion.objects.count() == 2


@pytest.mark.django_db
def test_an_assertion_without_id_is_refused() -> None:
    with pytest.raises(SsoRefusedError):
        saml_assertion_consume(assertion_id="", issuer=ISSUER, not_on_or_after=None)


@pytest.mark.django_db
def test_consumed_ids_are_forgotten_a_day_after_they_expire() -> None:
    old = timezone.now() - datetime.timedelta(days=2)
    ConsumedAssertion.objects.create(assertion_id="old", issuer=ISSUER, expires_at=old)

    saml_assertion_consume(assertion_id="new", issuer=ISSUER, not_on_or_after=None)

    assert list(ConsumedAssertion.objects.values_list("assertion_id", flat=True)) == ["new"]
