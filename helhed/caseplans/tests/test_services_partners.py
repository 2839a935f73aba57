# SPDX-License-Identifier: MPL-2.0
"""partner_register: a company by its valid CVR number, the other kinds without one; only
a municipality's caseworkers register; each refusal names its field and writes nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from helhed.caseplans.catalogue import PartnerKind
from helhed.caseplans.models import Partner
from helhed.caseplans.services import partner_register
from helhed.caseplans.tests.factories import VALID_CVRS, plan_counts
from helhed.organisations.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today", "english")]

NOVO = VALID_CVRS[0]


def refused(**arguments: object) -> dict[str, list[str]]:
    before = plan_counts()
    with pytest.raises(ValidationError) as caught:
        partner_register(**arguments)  # type: ignore[arg-type]
    assert plan_counts() == before
    return caught.value.message_dict


def _all(errors: dict[str, list[str]]) -> list[str]:
    return [message for messages in errors.values() for message in messages]


def test_a_company_is_registered_with_its_cvr_number(caseworker: User) -> None:
    # when
    partner = partner_register(
        actor=caseworker,
        kind=PartnerKind.COMPANY,
        name="  Novo Nordisk A/S ",
        cvr=" 2425 6790 ",
        contact=" Jens Jensen ",
    )

    # then the number is stored without spaces, the texts stripped, in the actor's municipality
    partner.refresh_from_db()
    assert (partner.kind, partner.name, partner.cvr, partner.contact) == (
        "company",
        "Novo Nordisk A/S",
        NOVO,
        "Jens Jensen",
    )
    assert partner.municipality_id == caseworker.municipality_id
    assert str(partner) == "Novo Nordisk A/S (CVR 24256790)"


@pytest.mark.parametrize(
    "kind", [PartnerKind.ASSOCIATION, PartnerKind.VOLUNTEER, PartnerKind.FRIENDSHIP_FAMILY]
)
def test_other_partners_are_registered_without_a_cvr_number(caseworker: User, kind: str) -> None:
    partner = partner_register(actor=caseworker, kind=kind, name="Horsens Fritid")

    assert Partner.objects.get() == partner
    assert partner.cvr == ""
    assert str(partner) == "Horsens Fritid"


def test_a_company_without_a_cvr_number_is_refused_on_cvr(caseworker: User) -> None:
    errors = refused(actor=caseworker, kind=PartnerKind.COMPANY, name="Firma", cvr="  ")

    assert errors == {"cvr": ["Give the company's CVR number."]}


@pytest.mark.parametrize(
    "kind", [PartnerKind.ASSOCIATION, PartnerKind.VOLUNTEER, PartnerKind.FRIENDSHIP_FAMILY]
)
def test_a_cvr_number_on_another_kind_is_refused_on_cvr(caseworker: User, kind: str) -> None:
    errors = refused(actor=caseworker, kind=kind, name="Forening", cvr=NOVO)

    assert errors == {"cvr": ["Only a company has a CVR number."]}


@pytest.mark.parametrize("cvr", ["24256791", "2425679", "242567900", "2425679X", "04256790"])
def test_an_invalid_cvr_number_is_refused_on_cvr(caseworker: User, cvr: str) -> None:
    errors = refused(actor=caseworker, kind=PartnerKind.COMPANY, name="Firma", cvr=cvr)

    assert errors["cvr"][0].startswith(
        "A CVR number is eight digits that pass the modulus-11 check."
    )


def test_a_blank_name_is_refused_on_name_together_with_the_cvr(caseworker: User) -> None:
    errors = refused(actor=caseworker, kind=PartnerKind.COMPANY, name="   ", cvr="")

    assert set(errors) == {"name", "cvr"}


def test_an_unknown_kind_is_refused_on_kind(caseworker: User) -> None:
    errors = refused(actor=caseworker, kind="bank", name="Banken")

    assert set(errors) == {"kind"}


def test_the_same_name_and_kind_twice_is_refused(caseworker: User) -> None:
    partner_register(actor=caseworker, kind=PartnerKind.VOLUNTEER, name="Birte")

    errors = refused(actor=caseworker, kind=PartnerKind.VOLUNTEER, name="Birte")

    assert "A partner of this kind and name is already registered." in _all(errors)


def test_the_same_name_of_another_kind_is_registered(caseworker: User) -> None:
    partner_register(actor=caseworker, kind=PartnerKind.VOLUNTEER, name="Birte")

    partner_register(actor=caseworker, kind=PartnerKind.FRIENDSHIP_FAMILY, name="Birte")

    assert Partner.objects.count() == 2


def test_the_same_cvr_number_twice_in_a_municipality_is_refused(caseworker: User) -> None:
    partner_register(actor=caseworker, kind=PartnerKind.COMPANY, name="Novo", cvr=NOVO)

    errors = refused(actor=caseworker, kind=PartnerKind.COMPANY, name="Novo Nordisk", cvr=NOVO)

    assert "A company with this CVR number is already registered." in _all(errors)


def test_the_same_cvr_number_twice_is_refused_on_the_cvr_field(caseworker: User) -> None:
    partner_register(actor=caseworker, kind=PartnerKind.COMPANY, name="Novo", cvr=NOVO)

    errors = refused(actor=caseworker, kind=PartnerKind.COMPANY, name="Novo Nordisk", cvr=NOVO)

    assert errors == {"cvr": ["A company with this CVR number is already registered."]}


def test_the_same_cvr_number_in_another_municipality_is_registered(
    caseworker: User, other_caseworker: User
) -> None:
    partner_register(actor=caseworker, kind=PartnerKind.COMPANY, name="Novo", cvr=NOVO)

    partner_register(actor=other_caseworker, kind=PartnerKind.COMPANY, name="Novo", cvr=NOVO)

    assert Partner.objects.filter(cvr=NOVO).count() == 2


@pytest.mark.parametrize(
    "persona",
    [
        "policy_officer",
        "manager",
        "politician",
        "administrator",
        "jobcenter_policy_officer",
        "superuser",
    ],
)
def test_only_a_caseworker_registers_a_partner(
    request: pytest.FixtureRequest, persona: str
) -> None:
    actor = request.getfixturevalue(persona)
    before = plan_counts()

    with pytest.raises(PermissionDenied):
        partner_register(actor=actor, kind=PartnerKind.COMPANY, name="Novo", cvr=NOVO)

    assert plan_counts() == before


def test_a_caseworker_without_a_department_still_registers_a_partner_of_their_municipality(
    school_caseworker: User,
) -> None:
    partner = partner_register(actor=school_caseworker, kind=PartnerKind.VOLUNTEER, name="Ole")

    assert partner.municipality_id == school_caseworker.municipality_id
