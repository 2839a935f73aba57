# SPDX-License-Identifier: MPL-2.0
"""The administration's answer to a response, or to one point of it."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from helhed.core.models import BaseModel
from helhed.hearings.models.response import HearingResponse, ResponsePoint
from helhed.organisations.models import User
from helhed.policies.models import PolicyVersion


class Outcome(models.TextChoices):
    INCORPORATED = "incorporated", _("Incorporated in the policy")
    PASSED_ON = "passed_on", _("Passed on to the administration")
    NOT_ACCOMMODATED = "not_accommodated", _("Not accommodated")
    NOTED = "noted", _("Noted")


class Disposition(BaseModel):
    TENANT_LOOKUP = "response__hearing__version__policy__municipality"

    response = models.ForeignKey(
        HearingResponse, on_delete=models.CASCADE, related_name="dispositions"
    )
    point = models.OneToOneField(
        ResponsePoint,
        on_delete=models.CASCADE,
        related_name="disposition",
        null=True,
        blank=True,
        verbose_name=_("point"),
    )
    outcome = models.CharField(_("disposition"), max_length=20, choices=Outcome.choices)
    reason = models.TextField(_("reason"), validators=[MaxLengthValidator(4000)])
    changed_version = models.ForeignKey(
        PolicyVersion,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("changed version"),
    )
    changed_section = models.CharField(_("changed section"), max_length=80, blank=True)
    changed_section_label = models.CharField(_("changed section"), max_length=300, blank=True)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", editable=False)

    class Meta:
        ordering = ["response", "created_at"]
        verbose_name = _("disposition")
        verbose_name_plural = _("dispositions")
        constraints = [
            models.UniqueConstraint(
                fields=["response"],
                condition=Q(point__isnull=True),
                name="one_disposition_per_whole_response",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="incorporated")
                | (Q(changed_version__isnull=False) & ~Q(changed_section="")),
                name="incorporated_names_the_changed_section",
                violation_error_message=_(
                    "An incorporated response must name the changed section of the next version."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.response}: {self.get_outcome_display()}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.outcome == Outcome.INCORPORATED and not (
            self.changed_version_id and self.changed_section
        ):
            errors["changed_section"] = _(
                "Choose the section of the next version that was changed: "
                '"incorporated" must show where.'
            )
        if not (self.reason or "").strip():
            errors["reason"] = _("Give the reason for the disposition.")
        if errors:
            raise ValidationError(errors)
