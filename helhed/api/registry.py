# SPDX-License-Identifier: MPL-2.0
"""The registry's operations: persons, their facts and households.

Every operation reads persons through helhed/citizens/access.py as the integration's
service account and writes through helhed/citizens/services.py, inside one transaction
with its audit event: a list or search writes one `search` event, a read of one person
one `read` event, a write the service's own `create`/`update` event (and no read event).
"""

import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict, Field, ValidationInfo, model_validator

from helhed.api.auth import actor_of, integration_of
from helhed.api.errors import fields_named
from helhed.api.models import Scope
from helhed.api.operations import operation
from helhed.api.schemas import (
    DEFAULT_PAGE_SIZE,
    MAX_OFFSET,
    MAX_PAGE_SIZE,
    ArrivalOut,
    DanishEducationIn,
    DanishEducationOut,
    HouseholdMemberIn,
    HouseholdMemberOut,
    HouseholdMemberRemovedOut,
    HouseholdOut,
    HouseholdRelationIn,
    HouseholdRelationOut,
    HousingPlacementIn,
    HousingPlacementOut,
    PersonOut,
    PersonPageOut,
    PersonRegisterIn,
    PersonSearchIn,
    ProgrammeEnrolmentIn,
    ProgrammeEnrolmentOut,
    StatusSpellIn,
    StatusSpellOut,
)
from helhed.audit.models import Action
from helhed.audit.services import audit_record
from helhed.citizens import household_services, services
from helhed.citizens.access import access_person_by_id, persons_visible_to
from helhed.citizens.cpr import decrypt_cpr, parse_cpr
from helhed.citizens.models import HouseholdRelation, Person
from helhed.citizens.selectors import person_search as registry_search
from helhed.organisations.models import Department, User

router = Router(tags=["registry"])

READ = Scope.REGISTRY_READ
WRITE = Scope.REGISTRY_WRITE
PERSON_ORDER = ("last_name", "first_name", "id")  # unique, so pages never overlap


class PageIn(Schema):
    model_config = ConfigDict(extra="forbid")  # an unknown parameter is refused, not ignored

    limit: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)

    @model_validator(mode="before")
    @classmethod
    def _every_parameter(cls, data: Any, info: ValidationInfo) -> Any:
        """The query's other parameters too, so that `extra="forbid"` refuses them: django-
        ninja hands the model only the parameters it declares (and `?=x` has an empty
        name, which no form could have meant either)."""
        request = (info.context or {}).get("request")
        if request is None or not isinstance(data, dict):
            return data
        return {**{k: v for k, v in request.GET.items() if k not in cls.model_fields}, **data}


def _summary(person: Person) -> dict[str, Any]:
    return {
        "id": person.id,
        "cpr_masked": decrypt_cpr(person.cpr_encrypted).mask(),
        "first_name": person.first_name,
        "last_name": person.last_name,
        "birth_date": person.birth_date,
    }


def _detail(person: Person) -> dict[str, Any]:
    return {
        **_summary(person),
        "sex": person.sex,
        "country_of_origin": person.country_of_origin,
        "education_level": person.education_level,
        "unaccompanied_minor": person.unaccompanied_minor,
        "household_id": person.household_id,
    }


def _page(persons: "QuerySet[Person]", *, limit: int, offset: int) -> dict[str, Any]:
    persons = persons.order_by(*PERSON_ORDER)
    return {
        "count": persons.count(),
        "limit": limit,
        "offset": offset,
        "items": [_summary(p) for p in persons[offset : offset + limit]],
    }


def person_for_change(user: User, person_id: uuid.UUID) -> Person:
    """The person to write to, or 404. Not audited as a read: the write is audited."""
    person = persons_visible_to(user).filter(pk=person_id).first()
    if person is None:
        raise Http404
    return person


def department_of_integration(
    request: HttpRequest, department_id: uuid.UUID | None, *, field: str, missing: str
) -> Department:
    """The integration's department `department_id`, or its one department when none is
    given; else a refusal on `field` (`missing`: the message when none is given)."""
    departments = list(integration_of(request).departments.all())
    if department_id is None:
        if len(departments) != 1:
            raise ValidationError({field: missing})
        return departments[0]
    found = [d for d in departments if d.id == department_id]
    if not found:
        raise ValidationError({field: _("The integration does not work for this department.")})
    return found[0]


# Persons


@router.get("/persons", **operation(READ, {200: PersonPageOut}))
def person_list(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    """The persons in the caseload of the integration's departments, by name."""
    user = actor_of(request)
    with transaction.atomic():
        result = _page(persons_visible_to(user), limit=page.limit, offset=page.offset)
        audit_record(
            actor=user, action=Action.SEARCH, search_criterion=_("caseload"), purpose=_("Caseload")
        )
    return result


@router.post("/persons", **operation(WRITE, {201: PersonOut}, body=True))
def person_register(request: HttpRequest, payload: PersonRegisterIn) -> Status[Any]:
    """Register a person with their arrival, in one of the integration's departments."""
    user = actor_of(request)
    department = department_of_integration(
        request,
        payload.department_id,
        field="department_id",
        missing=_("Give the department whose caseload the person joins."),
    )
    with transaction.atomic():
        person = services.person_register(
            actor=user,
            department=department,
            cpr=payload.cpr,
            first_name=payload.first_name,
            last_name=payload.last_name,
            country_of_origin=payload.country_of_origin,
            education_level=payload.education_level,
            unaccompanied_minor=payload.unaccompanied_minor,
            arrived_on=payload.arrived_on,
            source=payload.source,
            from_kommunekode=payload.from_kommunekode,
        )
        return Status(201, _detail(person))


@router.post("/persons/search", **operation(READ, {200: PersonPageOut}, body=True))
def person_search(request: HttpRequest, payload: PersonSearchIn) -> dict[str, Any]:
    """Find persons by CPR number or by name. POST, so that a CPR number is never in a URL;
    the search is audited with the criterion, a CPR number masked."""
    user = actor_of(request)
    if (payload.cpr is None) == (payload.name is None):
        raise ValidationError({"__all__": _("Give either cpr or name.")})
    field = "cpr" if payload.cpr is not None else "name"
    query = payload.cpr if payload.cpr is not None else payload.name
    assert query is not None  # noqa: S101 - one of the two, checked above
    try:
        if field == "cpr":
            parse_cpr(query)
        with transaction.atomic():
            persons, criterion = registry_search(user=user, query=query)
            result = _page(persons, limit=payload.limit, offset=payload.offset)
            audit_record(
                actor=user,
                action=Action.SEARCH,
                search_criterion=criterion,
                purpose=_("Caseload"),
            )
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None
    return result


@router.get("/persons/{uuid:person_id}", **operation(READ, {200: PersonOut}, object_=True))
def person_detail(request: HttpRequest, person_id: uuid.UUID) -> dict[str, Any]:
    user = actor_of(request)
    with transaction.atomic():
        person = access_person_by_id(user=user, person_id=person_id, purpose=_("Case work"))
        return _detail(person)


# A person's facts: each a list (one read event) and a create (the service's event).


def _facts(
    request: HttpRequest,
    person_id: uuid.UUID,
    facts: Callable[[Person], Iterable[Model]],
) -> list[Model]:
    user = actor_of(request)
    with transaction.atomic():
        person = access_person_by_id(user=user, person_id=person_id, purpose=_("Case work"))
        return list(facts(person))


def _add(
    request: HttpRequest,
    person_id: uuid.UUID,
    service: Callable[..., Model],
    values: dict[str, Any],
) -> Status[Any]:
    user = actor_of(request)
    with transaction.atomic():
        person = person_for_change(user, person_id)
        return Status(201, service(actor=user, person=person, **values))


@router.get(
    "/persons/{uuid:person_id}/arrivals",
    **operation(READ, {200: list[ArrivalOut]}, object_=True),
)
def arrival_list(request: HttpRequest, person_id: uuid.UUID) -> list[Model]:
    return _facts(request, person_id, lambda p: p.arrivals.order_by("arrived_on", "id"))


@router.get(
    "/persons/{uuid:person_id}/housing-placements",
    **operation(READ, {200: list[HousingPlacementOut]}, object_=True),
)
def housing_placement_list(request: HttpRequest, person_id: uuid.UUID) -> list[Model]:
    return _facts(
        request,
        person_id,
        lambda p: p.placements.select_related("locality").order_by("placed_on", "id"),
    )


@router.post(
    "/persons/{uuid:person_id}/housing-placements",
    **operation(WRITE, {201: HousingPlacementOut}, object_=True, body=True),
)
def housing_placement_create(
    request: HttpRequest, person_id: uuid.UUID, payload: HousingPlacementIn
) -> Status[Any]:
    values = payload.model_dump()
    values["locality_name"] = values.pop("locality")
    return _add(request, person_id, services.housing_placement_add, values)


@router.get(
    "/persons/{uuid:person_id}/danish-education",
    **operation(READ, {200: list[DanishEducationOut]}, object_=True),
)
def danish_education_list(request: HttpRequest, person_id: uuid.UUID) -> list[Model]:
    return _facts(request, person_id, lambda p: p.danish.order_by("referred_on", "id"))


@router.post(
    "/persons/{uuid:person_id}/danish-education",
    **operation(WRITE, {201: DanishEducationOut}, object_=True, body=True),
)
def danish_education_create(
    request: HttpRequest, person_id: uuid.UUID, payload: DanishEducationIn
) -> Status[Any]:
    values = payload.model_dump()
    values["test"] = values["test"] or ""
    return _add(request, person_id, services.danish_education_add, values)


@router.get(
    "/persons/{uuid:person_id}/programme-enrolments",
    **operation(READ, {200: list[ProgrammeEnrolmentOut]}, object_=True),
)
def programme_enrolment_list(request: HttpRequest, person_id: uuid.UUID) -> list[Model]:
    return _facts(request, person_id, lambda p: p.programmes.order_by("starts_on", "id"))


@router.post(
    "/persons/{uuid:person_id}/programme-enrolments",
    **operation(WRITE, {201: ProgrammeEnrolmentOut}, object_=True, body=True),
)
def programme_enrolment_create(
    request: HttpRequest, person_id: uuid.UUID, payload: ProgrammeEnrolmentIn
) -> Status[Any]:
    return _add(request, person_id, services.programme_enrolment_add, payload.model_dump())


@router.get(
    "/persons/{uuid:person_id}/status-spells",
    **operation(READ, {200: list[StatusSpellOut]}, object_=True),
)
def status_spell_list(request: HttpRequest, person_id: uuid.UUID) -> list[Model]:
    return _facts(request, person_id, lambda p: p.spells.order_by("starts_on", "id"))


@router.post(
    "/persons/{uuid:person_id}/status-spells",
    **operation(WRITE, {201: StatusSpellOut}, object_=True, body=True),
)
def status_spell_create(
    request: HttpRequest, person_id: uuid.UUID, payload: StatusSpellIn
) -> Status[Any]:
    return _add(request, person_id, services.status_spell_add, payload.model_dump())


# Households


@router.get("/households/{uuid:household_id}", **operation(READ, {200: HouseholdOut}, object_=True))
def household_detail(request: HttpRequest, household_id: uuid.UUID) -> dict[str, Any]:
    """The household with the members the integration may see. A household none of whose
    members it may see is not found. Audited as one search with the household as criterion."""
    user = actor_of(request)
    with transaction.atomic():
        members = list(
            persons_visible_to(user)
            .filter(household_id=household_id)
            .select_related("household")
            .order_by(*PERSON_ORDER)
        )
        if not members:
            raise Http404
        household = members[0].household
        assert household is not None  # noqa: S101 - filtered on it
        audit_record(
            actor=user,
            action=Action.SEARCH,
            search_criterion=f"household {household.id}",
            purpose=_("Household"),
        )
        ids = [m.id for m in members]
        relations = HouseholdRelation.objects.filter(
            person_id__in=ids, relative_id__in=ids
        ).order_by("person__last_name", "person__first_name", "person_id", "kind", "relative_id")
        return {
            "id": household.id,
            "name": household.name,
            "members": [_summary(m) for m in members],
            "relations": [
                {"person_id": r.person_id, "relative_id": r.relative_id, "kind": r.kind}
                for r in relations
            ],
        }


@router.post(
    "/persons/{uuid:person_id}/household-members",
    **operation(WRITE, {201: HouseholdMemberOut}, object_=True, body=True),
)
def household_member_add(
    request: HttpRequest, person_id: uuid.UUID, payload: HouseholdMemberIn
) -> Status[Any]:
    """The person with the CPR number `cpr` joins the person's household, related to the
    person as `relation`; the household is made now if the person has none. The household
    page's service: the member must be in the integration's caseload (any other number is
    answered as unknown) and in no other household, and a parent must be old enough."""
    user = actor_of(request)
    with transaction.atomic():
        person = person_for_change(user, person_id)
        member = household_services.household_member_add(
            actor=user, person=person, cpr=payload.cpr, relation=payload.relation
        )
        return Status(
            201,
            {
                "household_id": member.household_id,
                "person_id": person.id,
                "relation": payload.relation,
                "member": _summary(member),
            },
        )


@router.post(
    "/persons/{uuid:person_id}/household-members/{uuid:member_id}/remove",
    **operation(WRITE, {200: HouseholdMemberRemovedOut}, object_=True, body=True),
)
def household_member_remove(
    request: HttpRequest, person_id: uuid.UUID, member_id: uuid.UUID
) -> dict[str, Any]:
    """The member leaves the person's household, and their relations to its members end
    (the person may name themselves, to leave). No body. A member who is not in the
    person's household, or whom the integration may not see, is not found."""
    user = actor_of(request)
    with transaction.atomic():
        person = person_for_change(user, person_id)
        try:
            member = household_services.household_member_remove(
                actor=user, person=person, member_id=member_id
            )
        except ValidationError as error:
            # The service's refusal of the member concerns the path: the member is not
            # one the integration may take out of this household.
            if "member" in getattr(error, "error_dict", {}):
                raise Http404 from None
            raise
        return {
            "household_id": person.household_id,
            "person_id": person.id,
            "member": _summary(member),
        }


@router.post(
    "/households/{uuid:household_id}/relations",
    **operation(WRITE, {201: HouseholdRelationOut}, object_=True, body=True),
)
def household_relation_create(
    request: HttpRequest, household_id: uuid.UUID, payload: HouseholdRelationIn
) -> Status[Any]:
    """Two members of the household are related: `person_id` is the spouse, or a parent,
    of `relative_id`. The household plan's service; both must be members the integration
    sees (else a refusal on that field). A household none of whose members it sees is not
    found."""
    user = actor_of(request)
    with transaction.atomic():
        members = {m.id: m for m in persons_visible_to(user).filter(household_id=household_id)}
        if not members:
            raise Http404
        unknown = _("Not a member of the household.")
        errors = {
            field: unknown
            for field, member_id in (
                ("person_id", payload.person_id),
                ("relative_id", payload.relative_id),
            )
            if member_id not in members
        }
        if errors:
            raise ValidationError(errors)
        with fields_named({"person": "person_id", "relative": "relative_id"}):
            relation = services.household_relation_add(
                actor=user,
                person=members[payload.person_id],
                relative=members[payload.relative_id],
                kind=payload.kind,
            )
        return Status(
            201,
            {
                "person_id": relation.person_id,
                "relative_id": relation.relative_id,
                "kind": relation.kind,
            },
        )
