"""The procurement-level parts of the public tender document: its sections
and its definitions, written in the workbench, versioned, frozen with an edition."""

import reversion
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..text import LineField, TextField
from .core import Procurement


@reversion.register()
class DocumentSection(models.Model):
    """One section of the upphandlingsdokument around the requirements.

    `version_no` grows with every saved change, as a requirement's does."""

    class Kind(models.TextChoices):
        # In document order.
        AUTHORITIES = "authorities", _("contracting authorities")
        BACKGROUND = "background", _("background and purpose")
        SCOPE = "scope", _("scope")
        INSTRUCTIONS = "instructions", _("instructions for the tender")

    procurement = models.ForeignKey(
        Procurement, on_delete=models.CASCADE, related_name="sections", verbose_name=_("procurement")
    )
    kind = models.CharField(_("section"), max_length=20, choices=Kind.choices)
    text = TextField(_("text"), blank=True, max_length=20000)
    version_no = models.PositiveIntegerField(_("version"), default=0, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("document section")
        verbose_name_plural = _("document sections")
        constraints = [
            models.UniqueConstraint(fields=["procurement", "kind"], name="one_section_of_each_kind"),
            models.CheckConstraint(
                condition=Q(kind__in=["authorities", "background", "scope", "instructions"]), name="section_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.procurement} – {self.get_kind_display()}"


@reversion.register()
class Definition(models.Model):
    """A term of the document's definitions. One term names the supplier and
    one the contracting authority; the document uses those and no other role words."""

    class Role(models.TextChoices):
        SUPPLIER = "supplier", _("the term for the supplier")
        AUTHORITY = "authority", _("the term for the contracting authority")
        OTHER = "other", _("another term")

    procurement = models.ForeignKey(
        Procurement, on_delete=models.CASCADE, related_name="definitions", verbose_name=_("procurement")
    )
    term = LineField(_("term"), max_length=100)
    meaning = TextField(_("meaning"), max_length=2000)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.OTHER)

    class Meta:
        ordering = ["term"]
        verbose_name = _("definition")
        verbose_name_plural = _("definitions")
        constraints = [
            models.UniqueConstraint(fields=["procurement", "term"], name="unique_term_per_procurement"),
            models.UniqueConstraint(
                fields=["procurement", "role"], condition=~Q(role="other"), name="one_term_per_role",
                violation_error_message=_("The procurement already has a term for this role."),
            ),
        ]

    def __str__(self):
        return self.term
