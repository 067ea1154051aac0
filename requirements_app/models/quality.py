"""Kravgranskning's data: the words a coordinator adds to a rule, the findings
stored for each requirement's current version, and findings dismissed for one
version of a requirement."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..quality_rules import RULES
from ..text import LineField, TextField
from .core import Procurement
from .requirement import Requirement

EXTENSIBLE = [(code, f"{code} – {rule.title}") for code, rule in RULES.items() if rule.extensible]


class RuleTerm(models.Model):
    """A word or phrase a coordinator adds to a rule for one procurement (a
    brand, a vague word, a term and the one to use instead)."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="rule_terms",
                                    verbose_name=_("procurement"))
    rule = models.CharField(_("rule"), max_length=12, choices=EXTENSIBLE)
    text = LineField(_("word or phrase"), max_length=100)
    replacement = LineField(_("use instead"), max_length=100, blank=True,
                            help_text=_("For the rule TERM: the term to use."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("review word")
        verbose_name_plural = _("review words")
        constraints = [
            models.UniqueConstraint(fields=["procurement", "rule", "text"], name="unique_rule_term"),
            models.CheckConstraint(condition=models.Q(rule__in=[code for code, _label in EXTENSIBLE]),
                                   name="rule_term_rule_valid"),
            models.CheckConstraint(condition=~models.Q(rule="TERM") | ~models.Q(replacement=""),
                                   name="term_has_a_replacement",
                                   violation_error_message=_("Say which term to use instead.")),
        ]

    def __str__(self):
        return f"{self.rule}: {self.text}"


class Dismissal(models.Model):
    """A finding set aside for one version of a requirement, with a reason (or
    overridden to let it go to review). A new version is checked afresh."""

    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="dismissals")
    version_no = models.PositiveIntegerField()
    code = models.CharField(max_length=20, choices=[(code, code) for code in RULES])
    reason = TextField(_("reason"), max_length=1000)
    dismissed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dismissed_at = models.DateTimeField(auto_now_add=True)
    # Set aside by the coordinator's override when sending a requirement with
    # errors (FEL) for review: kept visible in the freeze preview and the record.
    overridden = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["requirement", "version_no", "code"], name="one_dismissal_per_finding"),
            models.CheckConstraint(condition=~models.Q(reason=""), name="dismissal_has_a_reason"),
        ]


class StoredReport(models.Model):
    """Kravgranskning's findings on a requirement's current version, written in
    the same transaction as whatever changed them (`findings.refresh`): pages
    read these rows and never check a text themselves. Derived, never edited;
    one row per live requirement, its findings empty when there are none."""

    requirement = models.OneToOneField(Requirement, on_delete=models.CASCADE, related_name="stored_report")
    version_no = models.PositiveIntegerField()
    # [{"code", "field", "messages": {"sv": …, "en": …}, "related": [numbers a DUPLICATE or CONTAINED names]}]
    findings = models.JSONField(default=list)
    # The same findings' codes, space-separated: what the list, its filter and the
    # overview's counts read, without the messages.
    codes = models.TextField(default="", blank=True)

    def __str__(self):
        return f"{self.requirement_id} v{self.version_no}: {len(self.findings)}"
