# SPDX-License-Identifier: MPL-2.0
"""The holistic plan: interventions for a person or a household across departments, the
outside partners who carry them, referrals between departments and the rule flags.

Read only through helhed/caseplans/access.py, which audits every read of a person's plan.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from helhed.caseplans.catalogue import InterventionKind, InterventionStatus, Outcome, PartnerKind
from helhed.citizens.models import EXTERNAL_ID_LENGTH, Household, Person
from helhed.core.models import BaseModel
from helhed.organisations.models import Department, Municipality, User
from helhed.policies.models import FocusArea


class Partner(BaseModel):
    """A company, association, volunteer or friendship family outside the municipality
    that carries interventions; registered once per municipality."""

    TENANT_LOOKUP = "municipality"

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=24, choices=PartnerKind.choices)
    name = models.CharField(_("name"), max_length=200)
    cvr = models.CharField(_("CVR number"), max_length=8, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)

    class Meta:
        ordering = ["municipality", "kind", "name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "cvr"],
                condition=~Q(cvr=""),
                name="partner_cvr_unique_per_municipality",
                violation_error_message=_("A company with this CVR number is already registered."),
            ),
            models.UniqueConstraint(
                fields=["municipality", "kind", "name"],
                name="partner_name_unique_per_kind",
                violation_error_message=_("A partner of this kind and name is already registered."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (CVR {self.cvr})" if self.cvr else self.name


# An intervention as the rule flags and the indicators read it for the persons a write
# changed, by person or by household (helhed/citizens/shared_reads.py): one read for both.
INTERVENTION_FACT_COLUMNS = ("id", "person", "household", "kind", "status", "starts_on", "ends_on")


class Intervention(BaseModel):
    """One intervention of the holistic plan, for a person or for a whole household."""

    TENANT_LOOKUP = "municipality"

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="interventions"
    )
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, null=True, blank=True, related_name="interventions"
    )
    kind = models.CharField(_("intervention"), max_length=24, choices=InterventionKind.choices)
    owner_department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner department")
    )
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("focus area"),
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interventions",
        verbose_name=_("partner"),
    )
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=InterventionStatus.choices, editable=False
    )
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, blank=True, editable=False
    )
    note = models.TextField(_("note (seen by the owner department only)"), blank=True)
    # the intervention's id in the system it was imported from (blank: made in Helhed)
    external_id = models.CharField(_("external id"), max_length=EXTERNAL_ID_LENGTH, blank=True)
    closing_note = models.TextField(_("reason or remark on closing"), blank=True, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["starts_on", "created_at"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, household__isnull=True)
                | Q(person__isnull=True, household__isnull=False),
                name="intervention_for_person_or_household",
            ),
            models.UniqueConstraint(
                fields=["municipality", "external_id"],
                condition=~Q(external_id=""),
                name="intervention_external_id_unique_per_municipality",
            ),
        ]
        indexes = [models.Index(fields=["person", "kind"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.starts_on}"


class ReferralStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the receiving department")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Referral(BaseModel):
    """One department asks another to take part in a person's plan."""

    TENANT_LOOKUP = "person__municipality"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="referrals")
    from_department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    to_department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("to department")
    )
    reason = models.TextField(_("reason for the referral"))
    status = models.CharField(max_length=16, choices=ReferralStatus.choices, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("note on the decision"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.person_id} → {self.to_department_id} ({self.status})"


class Rule(models.TextChoices):
    COMPANY_OFFER = "company_offer", _("No company-based intervention one month after takeover")
    DANISH_REFERRAL = "danish_referral", _("No referral to Danish education within one month")
    MINOR_SCHOOL = "minor_school", _("Unaccompanied minor not in school or daycare")
    PROGRAMME_YEAR = (
        "programme_year",
        _("More than one year in the programme and not self-supporting"),
    )
    PROGRAMME_MAXIMUM = "programme_maximum", _("Programme reaching its maximum length")


class Resolution(models.TextChoices):
    INTERVENTION_STARTED = "intervention_started", _("A company-based intervention started")
    DANISH_REFERRED = "danish_referred", _("Referred to Danish education")
    IN_SCHOOL_OR_DAYCARE = "in_school_or_daycare", _("In school or daycare")
    SELF_SUPPORTING = "self_supporting", _("Self-supporting")
    PROGRAMME_ENDED = "programme_ended", _("The programme ended")
    NO_LONGER_APPLIES = "no_longer_applies", _("The rule no longer applies to the person")


class RuleFlag(BaseModel):
    """A rule that a person's registry facts break or are about to break. Resolving a flag
    keeps the row: the history of every flag stays."""

    TENANT_LOOKUP = "municipality"

    # The person's municipality, carried on the flag so that a municipality's open flags
    # are read in deadline order from one index, whatever the size of the country.
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="flags")
    rule = models.CharField(_("rule"), max_length=24, choices=Rule.choices)
    opened_on = models.DateField(_("applies from"))
    due_on = models.DateField(_("deadline"))
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolution = models.CharField(
        _("resolution"), max_length=24, choices=Resolution.choices, blank=True
    )

    class Meta:
        ordering = ["due_on", "rule"]
        verbose_name = _("rule flag")
        verbose_name_plural = _("rule flags")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "rule"],
                condition=Q(resolved_at__isnull=True),
                name="rule_flag_one_open_per_rule",
            )
        ]
        indexes = [
            models.Index(fields=["person", "resolved_at"]),
            models.Index(
                fields=["municipality", "due_on"],
                condition=Q(resolved_at__isnull=True),
                name="rule_flag_open_by_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.rule} due {self.due_on}"

    @property
    def rule_label(self) -> str:
        return rule_label(self.rule)


def rule_label(rule: str) -> str:
    """A rule's name in the active language. One look-up: `get_rule_display` translates
    every rule's name on each call, which a list of flags pays per row."""
    return str(Rule(rule).label)
