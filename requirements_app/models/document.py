"""The procurement-level parts of the public tender document: its sections
and its definitions, written in the workbench, versioned, frozen with an edition."""

import reversion
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..text import LineField, TextField
from .core import Procurement


class DocumentSectionQuerySet(models.QuerySet):
    def every_kind(self, procurement):
        """Every section kind in document order, saved or not yet written (unsaved then)."""
        saved = {section.kind: section for section in self.filter(procurement=procurement)}
        return [saved.get(kind) or self.model(procurement=procurement, kind=kind) for kind in self.model.Kind.values]


@reversion.register()
class DocumentSection(models.Model):
    """One section of the upphandlingsdokument around the requirements.

    `version_no` grows with every saved change, as a requirement's does."""

    class Kind(models.TextChoices):
        # In document order: before the chapters of requirements.
        AUTHORITIES = "authorities", _("contracting authorities")
        BACKGROUND = "background", _("background and purpose")
        SCOPE = "scope", _("scope")
        ADMINISTRATIVE = "administrative", _("administrative provisions")
        EXCLUSION = "exclusion", _("grounds for exclusion and the ESPD")
        QUALIFICATION = "qualification", _("qualification: economic standing and technical capacity")
        INSTRUCTIONS = "instructions", _("instructions for the tender")
        CONTRACT_TERMS = "contract_terms", _("contract terms")
        PRICE_MODEL = "price_model", _("price model")
        DEMONSTRATION = "demonstration", _("demonstration")

    procurement = models.ForeignKey(
        Procurement, on_delete=models.CASCADE, related_name="sections", verbose_name=_("procurement")
    )
    kind = models.CharField(_("section"), max_length=20, choices=Kind.choices)

    # What each section must say, shown where it is written (the reviewer's list of what a procurement needs).
    GUIDANCE = {
        Kind.ADMINISTRATIVE: _("How the procurement runs: the timetable, how tenders are submitted and opened, how "
                               "long they are binding, and how the award decision is given."),
        Kind.EXCLUSION: _("The grounds on which a tenderer is excluded, and how the tenderer declares that none "
                          "applies: the ESPD or an own declaration (egen försäkran)."),
        Kind.QUALIFICATION: _("The economic standing and technical capacity asked for, and the evidence for each."),
        Kind.CONTRACT_TERMS: _("General terms, liability, vite, termination and change clauses. The supplier will "
                               "host personal data protected by library secrecy: the personuppgiftsbiträdesavtal "
                               "(GDPR art. 28) and the terms on transfers outside the EU/EEA."),
        Kind.PRICE_MODEL: _("What the price covers, its components (a fixed development price, a monthly fee × "
                            "months, hourly rates × an estimated volume, licences), the utvärderingspris formula, "
                            "and whether options are evaluated."),
        Kind.DEMONSTRATION: _("Which tenderers are asked to demonstrate (all, or only the first-ranked, stated in "
                              "advance), when, a scripted scenario per requirement, the test data and environment, "
                              "two evaluators who sign a protocol, and what a failed demonstration means."),
    }
    text = TextField(_("text"), blank=True, max_length=20000)
    version_no = models.PositiveIntegerField(_("version"), default=0, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = DocumentSectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("document section")
        verbose_name_plural = _("document sections")
        constraints = [
            models.UniqueConstraint(fields=["procurement", "kind"], name="one_section_of_each_kind"),
            models.CheckConstraint(
                condition=Q(kind__in=["authorities", "background", "scope", "administrative", "exclusion",
                                      "qualification", "instructions", "contract_terms", "price_model",
                                      "demonstration"]),
                name="section_kind_valid"
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
