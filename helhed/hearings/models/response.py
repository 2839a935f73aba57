# SPDX-License-Identifier: MPL-2.0
"""A response to a hearing: from the public form, or registered by staff from another
source (the citizen dialogue meeting, the Integration Council, a committee, a letter).

A response concerns the whole draft or one section of it (helhed/hearings/sections.py).
Staff may split it into points, each of which then gets its own disposition. The
respondent follows the disposition through a private link: only the SHA-256 of its token
is stored, so the database alone cannot be used to open anyone's link.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from helhed.core.models import BaseModel
from helhed.hearings.models.hearing import Hearing
from helhed.organisations.models import User

MAX_TEXT_LENGTH = 20_000


class Source(models.TextChoices):
    ONLINE = "online", _("The public hearing page")
    DIALOGUE_MEETING = "dialogue_meeting", _("Citizen dialogue meeting")
    INTEGRATION_COUNCIL = "integration_council", _("Integration Council")
    COMMITTEE = "committee", _("Committee")
    LETTER = "letter", _("Letter or e-mail")


# input from a body, not a private person: named in the memo, and its name kept by retention
BODIES = (Source.DIALOGUE_MEETING, Source.INTEGRATION_COUNCIL, Source.COMMITTEE)


class HearingResponse(BaseModel):
    TENANT_LOOKUP = "hearing__version__policy__municipality"

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="responses")
    number = models.PositiveIntegerField(_("number"))
    source = models.CharField(_("source"), max_length=32, choices=Source.choices)
    section = models.CharField(_("section"), max_length=80, blank=True)
    section_label = models.CharField(_("section"), max_length=300, blank=True)
    # blank only once withdrawn or erased by retention (clean() requires them otherwise)
    author_name = models.CharField(_("name or organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    text = models.TextField(
        _("response"), blank=True, validators=[MaxLengthValidator(MAX_TEXT_LENGTH)]
    )
    consent_to_publication = models.BooleanField(_("consent to publication"), default=False)
    received_at = models.DateTimeField(_("received"))
    summary = models.TextField(
        _("summary for the hearing memo"),
        blank=True,
        validators=[MaxLengthValidator(4000)],
    )
    # empty (NULL) once retention has erased the private link
    token_hash = models.CharField(  # noqa: DJ001 - NULL: many erased links, one unique key
        max_length=64, unique=True, null=True, editable=False
    )
    registered_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True, editable=False
    )
    # moderation: hidden from the public page by a policy officer, with the reason kept
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True, editable=False)
    hidden_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True, editable=False
    )
    hidden_reason = models.TextField(
        _("reason for hiding"), blank=True, validators=[MaxLengthValidator(1000)]
    )
    # withdrawn by the respondent while the hearing was open: the content is erased
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)
    # retention erased the name, e-mail, private link and attachment
    personal_data_erased_at = models.DateTimeField(
        _("personal data erased"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["hearing", "number"]
        verbose_name = _("hearing response")
        verbose_name_plural = _("hearing responses")
        constraints = [
            models.UniqueConstraint(fields=["hearing", "number"], name="response_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.author_name}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.withdrawn_at is None:
            if not self.text.strip():
                errors["text"] = _("Write the response.")
            if not self.author_name.strip() and self.personal_data_erased_at is None:
                errors["author_name"] = _("Give a name or an organisation.")
        if self.hidden_at is not None and not self.hidden_reason.strip():
            errors["hidden_reason"] = _("Give the reason for hiding the response.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_published(self) -> bool:
        """Listed on the public page with its text (a hidden one as a placeholder only)."""
        return self.consent_to_publication and not self.is_hidden and not self.is_withdrawn


class ResponseAttachment(BaseModel):
    """A PDF sent with a response, kept in the database with the response it belongs to
    (one transaction: never a file without its response, or the reverse)."""

    TENANT_LOOKUP = "response__hearing__version__policy__municipality"

    response = models.OneToOneField(
        HearingResponse, on_delete=models.CASCADE, related_name="attachment"
    )
    file_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"))
    pages = models.PositiveIntegerField(_("pages"))
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField()

    class Meta:
        ordering = ["response"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.file_name


class ResponsePoint(BaseModel):
    """One point of a response, split out by staff to be dispositioned on its own."""

    TENANT_LOOKUP = "response__hearing__version__policy__municipality"

    response = models.ForeignKey(HearingResponse, on_delete=models.CASCADE, related_name="points")
    order = models.PositiveIntegerField(default=0)
    text = models.TextField(_("point"), validators=[MaxLengthValidator(4000)])
    section = models.CharField(_("section"), max_length=80, blank=True)
    section_label = models.CharField(_("section"), max_length=300, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", editable=False)

    class Meta:
        ordering = ["response", "order", "created_at"]
        verbose_name = _("point")
        verbose_name_plural = _("points")

    def __str__(self) -> str:
        return self.text[:80]
