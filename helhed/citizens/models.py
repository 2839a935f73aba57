# SPDX-License-Identifier: MPL-2.0
"""The registry of the target group: persons, households, arrivals, status spells and the
departments whose caseload a person is in.

Personal data lives only here; it is read only through helhed/citizens/access.py, which
audits every read. Self-supporting is derived from the status spells, never stored.
"""

from datetime import date
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from helhed.citizens.countries import COUNTRIES
from helhed.core.dates import age_on
from helhed.core.models import BaseModel
from helhed.organisations.models import Department, Municipality, User

EXTERNAL_ID_LENGTH = 64


def external_id_field() -> "models.CharField[str, str]":
    """The record's id in the system it was imported from; blank for records made in Helhed."""
    return models.CharField(
        _("external id"), max_length=EXTERNAL_ID_LENGTH, blank=True, default="", editable=False
    )


def external_id_unique(model: str) -> models.UniqueConstraint:
    """A fact's external id is unique per person when set (the import keeps it unique per
    municipality: a fact has no municipality column of its own to constrain)."""
    return models.UniqueConstraint(
        fields=["external_id", "person"],
        condition=~Q(external_id=""),
        name=f"{model}_external_id_unique",
    )


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class EducationLevel(models.TextChoices):
    """The categories of the Horsens policy's table of the 2015 arrivals."""

    UNKNOWN = "unknown", _("Not yet assessed")
    NONE = "none", _("No education")
    VOCATIONAL = "vocational", _("Vocational education")
    SHORT_HIGHER = "short_higher", _("Short higher education")
    MEDIUM_HIGHER = "medium_higher", _("Medium-length higher education")
    LONG_HIGHER = "long_higher", _("Long higher education")


class Household(BaseModel):
    TENANT_LOOKUP = "municipality"

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("household"), max_length=120)

    class Meta:
        ordering = ["municipality", "name"]
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.name


class Person(BaseModel):
    TENANT_LOOKUP = "municipality"

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        Household, on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    cpr_encrypted = models.TextField(editable=False)
    cpr_hash = models.CharField(max_length=64, editable=False)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("birth date"), editable=False)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, editable=False)
    country_of_origin = models.CharField(_("country of origin"), max_length=2, choices=COUNTRIES)
    education_level = models.CharField(
        _("education"),
        max_length=16,
        choices=EducationLevel.choices,
        default=EducationLevel.UNKNOWN,
    )
    unaccompanied_minor = models.BooleanField(_("unaccompanied minor"), default=False)
    external_id = external_id_field()

    class Meta:
        # by the column, not the municipality's own order (a join and a sort of the lot)
        ordering = ["municipality_id", "last_name", "first_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "cpr_hash"],
                name="person_cpr_unique_per_municipality",
                violation_error_message=_("A person with this CPR number is already registered."),
            ),
            models.UniqueConstraint(
                fields=["municipality", "external_id"],
                condition=~Q(external_id=""),
                name="person_external_id_unique_per_municipality",
            ),
        ]
        # A caseload page in name order is read from here and stops at the page.
        indexes = [
            models.Index(
                fields=["municipality", "last_name", "first_name", "id"], name="person_by_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: date) -> int:
        return age_on(self.birth_date, day)


class RelationKind(models.TextChoices):
    SPOUSE = "spouse", _("Spouse")
    PARENT = "parent", _("Parent of")


class HouseholdRelation(BaseModel):
    """`person` is the spouse of, or the parent of, `relative`."""

    TENANT_LOOKUP = "person__municipality"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relations")
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("relation"), max_length=8, choices=RelationKind.choices)

    class Meta:
        ordering = ["person", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "relative", "kind"], name="household_relation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} {self.relative_id}"


class ArrivalSource(models.TextChoices):
    QUOTA_REFUGEE = "quota_refugee", _("Quota refugee")
    ASYLUM = "asylum", _("Refugee granted asylum")
    FAMILY_REUNIFIED_REFUGEE = "family_refugee", _("Family reunified to a refugee")
    FAMILY_REUNIFIED_OTHER = "family_other", _("Other family reunification")
    MOVED = "moved", _("Moved from another municipality")
    OTHER_IMMIGRANT = "other_immigrant", _("Other immigrant")
    LABOUR_MIGRANT = "labour_migrant", _("Labour migrant")


class Arrival(BaseModel):
    """The municipality took over responsibility for the person on `arrived_on`."""

    TENANT_LOOKUP = "person__municipality"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="arrivals")
    arrived_on = models.DateField(_("arrived in the municipality on"))
    source = models.CharField(_("arrived as"), max_length=16, choices=ArrivalSource.choices)
    from_kommunekode = models.CharField(_("moved from (kommunekode)"), max_length=3, blank=True)
    quota_year = models.PositiveIntegerField(
        _("counted against the quota of"),
        null=True,
        blank=True,
        help_text=_("For quota refugees: the year whose municipal quota the person counts in."),
    )
    in_target_group = models.BooleanField(_("in the policy's target group"), editable=False)
    target_group_reason = models.CharField(max_length=300, editable=False)
    external_id = external_id_field()

    class Meta:
        ordering = ["person", "-arrived_on"]
        verbose_name = _("arrival")
        verbose_name_plural = _("arrivals")
        constraints = [external_id_unique("arrival")]

    def __str__(self) -> str:
        return f"{self.arrived_on} {self.source}"

    @property
    def source_label(self) -> str:
        """What the person arrived as, in the active language. One look-up:
        `get_source_display` translates every source's name on each call."""
        return str(ArrivalSource(self.source).label)


class SpellKind(models.TextChoices):
    BENEFIT = "benefit", _("Public benefit")
    JOB = "job", _("Ordinary job")
    EDUCATION = "education", _("Education")
    OTHER = "other", _("Other")


SELF_SUPPORTING_KINDS = frozenset({SpellKind.JOB, SpellKind.EDUCATION})


class StatusSpell(BaseModel):
    """A period in one status. A person's spells never overlap (services check it)."""

    TENANT_LOOKUP = "person__municipality"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="spells")
    kind = models.CharField(_("status"), max_length=16, choices=SpellKind.choices)
    benefit_name = models.CharField(_("benefit (its name at the time)"), max_length=120, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    external_id = external_id_field()

    class Meta:
        ordering = ["person", "starts_on"]
        verbose_name = _("status spell")
        verbose_name_plural = _("status spells")
        constraints = [external_id_unique("status_spell")]

    def __str__(self) -> str:
        return f"{self.kind} {self.starts_on}-{self.ends_on or ''}"

    def covers(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class CaseAssignment(BaseModel):
    """The person is in this department's caseload (and, optionally, this caseworker's)."""

    TENANT_LOOKUP = "person__municipality"

    # indexed with the caseworker below: "is this person in the user's (own) caseload" is
    # answered from one index whichever of the two the question names
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="assignments", db_index=False
    )
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    caseworker = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["person", "started_on"]
        indexes = [models.Index(fields=["person", "caseworker"], name="assignment_by_person")]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.department_id}"


class Locality(BaseModel):
    """A town or area of the municipality where refugees are housed (e.g. Gedved)."""

    TENANT_LOOKUP = "municipality"

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("locality"), max_length=100)

    class Meta:
        ordering = ["municipality", "name"]
        verbose_name = _("locality")
        verbose_name_plural = _("localities")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="locality_name_unique_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return self.name


class HousingPlacement(BaseModel):
    """The municipality's placement of a refugee in a home (boligplacering)."""

    TENANT_LOOKUP = "person__municipality"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="placements")
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="placements")
    permanent = models.BooleanField(_("permanent"))
    placed_on = models.DateField(_("placed on"))
    external_id = external_id_field()

    class Meta:
        ordering = ["person", "placed_on"]
        verbose_name = _("housing placement")
        verbose_name_plural = _("housing placements")
        constraints = [external_id_unique("housing_placement")]

    def __str__(self) -> str:
        kind = "permanent" if self.permanent else "temporary"
        return f"{self.locality} ({kind}) {self.placed_on}"


class DanishTrack(models.TextChoices):
    DU1 = "du1", _("Danish education 1 (DU1)")
    DU2 = "du2", _("Danish education 2 (DU2)")
    DU3 = "du3", _("Danish education 3 (DU3)")


# DU1 and DU2 have 6 modules; DU3 has 5 plus an optional module 6 (danish-domain.md, 1.6).
LAST_MODULE = 6


class DanishTestKind(models.TextChoices):
    PD1 = "pd1", _("Prøve i Dansk 1")
    PD2 = "pd2", _("Prøve i Dansk 2")
    PD3 = "pd3", _("Prøve i Dansk 3")
    STUDIEPROEVEN = "studieproeven", _("Studieprøven")


# The final tests that end each track: PD1 ends DU1, PD2 ends DU2, PD3 (after module 5) and
# Studieprøven (after module 6) end DU3.
TESTS_OF_TRACK = {
    DanishTrack.DU1: frozenset({DanishTestKind.PD1}),
    DanishTrack.DU2: frozenset({DanishTestKind.PD2}),
    DanishTrack.DU3: frozenset({DanishTestKind.PD3, DanishTestKind.STUDIEPROEVEN}),
}


class DanishEducation(BaseModel):
    """Danish education: the track, the module reached, and any passed final test."""

    TENANT_LOOKUP = "person__municipality"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="danish")
    track = models.CharField(_("track"), max_length=8, choices=DanishTrack.choices)
    module = models.PositiveSmallIntegerField(
        _("module"), default=1, validators=[MinValueValidator(1), MaxValueValidator(LAST_MODULE)]
    )
    referred_on = models.DateField(_("referred on"))
    test = models.CharField(
        _("final test passed"), max_length=16, choices=DanishTestKind.choices, blank=True
    )
    test_passed_on = models.DateField(_("test passed on"), null=True, blank=True)
    external_id = external_id_field()

    class Meta:
        ordering = ["person", "referred_on"]
        verbose_name = _("Danish education")
        verbose_name_plural = _("Danish education")
        constraints = [external_id_unique("danish_education")]

    def __str__(self) -> str:
        return f"{self.track} module {self.module}"


class ProgrammeKind(models.TextChoices):
    SELF_SUPPORT = "self_support", _("Selvforsørgelses- og hjemrejseprogram")
    INTRODUCTION = "introduction", _("Introduktionsprogram")
    INTRODUCTION_COURSE = "introduction_course", _("Introduktionsforløb")


class ProgrammeEnrolment(BaseModel):
    TENANT_LOOKUP = "person__municipality"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="programmes")
    kind = models.CharField(_("programme"), max_length=24, choices=ProgrammeKind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    external_id = external_id_field()

    class Meta:
        ordering = ["person", "starts_on"]
        verbose_name = _("programme enrolment")
        verbose_name_plural = _("programme enrolments")
        constraints = [external_id_unique("programme_enrolment")]

    def __str__(self) -> str:
        return f"{self.kind} {self.starts_on}"


class Rectification(BaseModel):
    """A changed field of a person's registry data: the value before and after, who changed
    it, when and why (issue 6, rectification history; ADR 0023). Registry data only, never a
    plan's intervention (whose note another department may not see), never a CPR number."""

    TENANT_LOOKUP = "person__municipality"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="rectifications")
    record = models.CharField(max_length=32)  # the citizens model's name, e.g. "arrival"
    record_id = models.UUIDField()
    field = models.CharField(max_length=64)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    changed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["-created_at", "record", "field"]
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")

    def __str__(self) -> str:
        return f"{self.record}.{self.field} {self.created_at:%Y-%m-%d}"

    def _model_field(self) -> tuple[Any, Any]:
        from django.apps import apps

        try:
            model = apps.get_model("citizens", self.record)
            name = self.field.removesuffix("_id")
            return model, model._meta.get_field(name)
        except (LookupError, FieldDoesNotExist):
            return None, None

    @property
    def record_label(self) -> str:
        model, _field = self._model_field()
        return str(model._meta.verbose_name) if model is not None else self.record

    @property
    def field_label(self) -> str:
        _model, found = self._model_field()
        return str(getattr(found, "verbose_name", self.field)) if found is not None else self.field
