"""The publication check: what a coordinator must fix before an edition goes
out to suppliers as the upphandlingsdokument (an edition for publication).

Each check names the problem and where it is fixed. Errors kravgranskning
found (open, or overridden on a requirement) may pass with a reason given at
freeze, which the beslutsunderlag keeps, and so may the evaluation model's
warnings, acknowledged by that reason, and a law cited as a whole (the
workbench cannot know which provision the group means, so it asks); nothing
else can be waved through."""

import re
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from ..evaluation import comparison as evaluation
from ..models import ContractingAuthority, DocumentSection, EvaluationModel, PriceComponent, Procurement, Requirement
from ..quality_rules import Severity

# Text a section still holds for the group to replace: "[ange datum]", or an
# instruction such as "anger arbetsgruppen här" / "fyll i här".
PLACEHOLDER = re.compile(r"\[[^\]\n]*\]|\b(?:anger|ange|fyll i|skriv)\b[^.\n]{0,60}\bhär\b", re.IGNORECASE)
OPTIONS_MENTIONED = re.compile(r"\boption(?:en|er|erna|ernas)?\b", re.IGNORECASE)
# A Swedish statute by its SFS number, "lag (2018:1937)", on a reference line that names no provision.
SFS_NUMBER = re.compile(r"\(\d{4}:\d+\)")
PROVISION = re.compile(r"§|\bkap\.", re.IGNORECASE)


@dataclass(frozen=True)
class Check:
    """One thing that stands in the way of publication."""

    code: str
    message: str
    link: str
    # May pass with a reason given at freeze (the requirement check's errors, the evaluation model's warnings).
    overridable: bool = False


def publication_checks(procurement, included, reports):
    """The Checks that fail for freezing `included` (EditionItems about to be
    frozen) for publication; `reports` are kravgranskning's, by requirement id."""
    document = reverse("document", args=[procurement.pk])
    checks = terms_checks(procurement)
    sections = {section.kind: section.text.strip() for section in procurement.sections.all()}
    for kind, label in DocumentSection.Kind.choices:
        link = reverse("section_edit", args=[procurement.pk, kind])
        if not sections.get(kind):
            checks.append(Check("SECTION_EMPTY", _("The section “%(section)s” is empty.") % {"section": label}, link))
        elif match := PLACEHOLDER.search(sections[kind]):
            checks.append(Check("SECTION_PLACEHOLDER", _("The section “%(section)s” still holds text for the group to "
                                                         "replace: “%(text)s”.") % {"section": label, "text": match[0]},
                                link))
    kinds = {item.kind for item in included}
    if Requirement.Kind.OPTION not in kinds and any(OPTIONS_MENTIONED.search(text) for text in sections.values()):
        checks.append(Check("OPTIONS_MENTIONED", _("The document mentions options, but no option goes into the "
                                                   "edition."), document))
    covered = {item.area_code for item in included}
    for area in procurement.areas.order_by("order"):
        if area.code not in covered:
            checks.append(Check("AREA_EMPTY", _("The area %(area)s has no approved requirement.") % {"area": area.name},
                                reverse("requirement_list", args=[procurement.pk]) + f"?area={area.pk}"))
    for item in included:
        link = reverse("requirement", args=[item.requirement_id])
        if match := PLACEHOLDER.search(f"{item.statement}\n{item.verifikat}"):
            checks.append(Check("REQUIREMENT_PLACEHOLDER", _("%(number)s still holds text for the group to replace: "
                                                             "“%(text)s”.") % {"number": item.number,
                                                                              "text": match[0]}, link))
        for line in item.references.splitlines():
            if SFS_NUMBER.search(line) and not PROVISION.search(line):
                checks.append(Check("LAW_WITHOUT_PROVISION", _(
                    "%(number)s cites “%(law)s” without a provision: name the section the requirement rests on, "
                    "or give the reason the whole law is cited when you freeze.") % {
                        "number": item.number, "law": line.strip()}, link, overridable=True))
        if item.kind == Requirement.Kind.MANDATORY and not item.verifikat.strip():
            checks.append(Check("NO_VERIFIKAT", _("%(number)s is a ska-krav without a verifikat: say what the tender "
                                                  "must show.") % {"number": item.number}, link))
        report = reports.get(item.requirement_id)
        if report is None:
            continue
        if any(finding.code == "SCALE" for finding in report.findings):
            # Met more or less, but no levels: the tender could not be scored as published.
            checks.append(Check("GRADED_NO_SCALE", _("%(number)s is a graded bör-krav without a scale: say what each "
                                                     "level gives.") % {"number": item.number}, link))
        for finding in report.findings:
            if finding.severity == Severity.ERROR:
                checks.append(Check("ERROR_OPEN", _("%(number)s: the requirement check's error %(code)s is open.")
                                    % {"number": item.number, "code": finding.code}, link, overridable=True))
        for finding, dismissal in report.dismissed:
            if finding.severity == Severity.ERROR and dismissal.overridden:
                checks.append(Check("ERROR_OVERRIDDEN", _("%(number)s: the requirement check's error %(code)s was overridden "
                                                          "(“%(reason)s”).") % {"number": item.number,
                                                                              "code": finding.code,
                                                                              "reason": dismissal.reason},
                                    link, overridable=True))
    model = EvaluationModel.objects.filter(procurement=procurement).first()  # none yet: the default, mervärde
    if model is not None:
        # What the working group should balance: published only once acknowledged, with the reason given at freeze.
        frozen = Requirement.objects.filter(pk__in=[item.requirement_id for item in included]).select_related("area")
        link = reverse("evaluation_model", args=[procurement.pk])
        checks += [Check("EVALUATION_WARNING", _("The evaluation model: %(warning)s") % {"warning": warning}, link,
                         overridable=True) for warning in evaluation.warnings(model, frozen)]
    valued = (model is None or (model.basis == EvaluationModel.Basis.PRICE_QUALITY
                                and model.method == EvaluationModel.Method.VALUE_ADDED))
    if valued and Requirement.Kind.EVALUATED in kinds and not (model and model.expected_price):
        # Without it, nobody is warned when the added values outweigh the price.
        checks.append(Check("NO_EXPECTED_PRICE", _("The mervärde model has no expected price, so nothing warns when "
                                                   "the added values weigh too much against the price."),
                            reverse("evaluation_model", args=[procurement.pk])))
    return checks


def terms_checks(procurement):
    """What the document cannot say yet about who buys, how and by when."""
    link = reverse("procurement_terms", args=[procurement.pk])
    parties = list(ContractingAuthority.objects.for_procurement(procurement))
    checks = []
    if not parties:
        checks.append(Check("NO_PARTY", _("No contracting authority is named: a supplier would not know whom it "
                                          "contracts with."), link))
    for party in parties:
        if not party.organisation_number:
            checks.append(Check("PARTY_NUMBER", _("%(name)s has no organisationsnummer.") % {"name": party.legal_name},
                                link))
    model = procurement.joint_model
    if not model:
        checks.append(Check("NO_JOINT_MODEL", _("It is not stated how the authorities procure: one for itself, "
                                                "jointly as parties, or one on behalf of the others."), link))
    elif model == Procurement.JointModel.SINGLE and len(parties) > 1:
        checks.append(Check("JOINT_MODEL", _("%(count)s authorities are named, but the terms say one buys for "
                                             "itself.") % {"count": len(parties)}, link))
    elif model == Procurement.JointModel.ON_BEHALF and not (any(p.lead for p in parties)
                                                            and procurement.joint_basis.strip()):
        checks.append(Check("JOINT_BASIS", _("One authority procures on behalf of the others: say which one, and the "
                                             "power of attorney or agreement it rests on."), link))
    if not procurement.procedure:
        checks.append(Check("NO_PROCEDURE", _("The procedure is not chosen."), link))
    if procurement.estimated_value is None or not procurement.value_includes.strip():
        checks.append(Check("NO_VALUE", _("The estimated contract value, and what it includes (options and "
                                          "extensions count), is not stated."), link))
    if not (procurement.procurement_threshold and procurement.procurement_threshold_source
            and procurement.procurement_threshold_date):
        checks.append(Check("NO_THRESHOLD", _("The threshold, with its source and the date it is in force from, is "
                                              "not stated: whether the procurement is above it cannot be known."),
                            link))
    elif procurement.procedure in Procurement.Procedure.below_threshold_only() and procurement.above_threshold:
        checks.append(Check("PROCEDURE_BELOW_ONLY", _("%(procedure)s is a procedure below the thresholds, but the "
                                                      "estimated value is above the threshold.")
                            % {"procedure": procurement.get_procedure_display()}, link))
    for name in ("questions_deadline", "tender_deadline", "tender_valid_until"):
        if getattr(procurement, name) is None:
            label = Procurement._meta.get_field(name).verbose_name
            checks.append(Check("NO_DATE", _("%(date)s is not set.") % {"date": str(label).capitalize()}, link))
    if not procurement.market_analysis.strip():
        checks.append(Check("NO_MARKET_ANALYSIS", _("The market analysis the beslutsunderlag documents is not "
                                                    "written."), link))
    if not PriceComponent.objects.filter(procurement=procurement).exists():
        checks.append(Check("NO_PRICE_COMPONENTS", _("The price model has no components: suppliers would not know "
                                                     "what their price must cover."),
                            reverse("price_model", args=[procurement.pk])))
    if not procurement.esystem:
        checks.append(Check("NO_ESYSTEM", _("The e-procurement system through which suppliers ask questions and "
                                            "tender is not named."), link))
    return checks


def blocking(checks, override_reason):
    """The checks that still refuse the freeze, given the coordinator's reason (or none)."""
    return [check for check in checks if not (check.overridable and override_reason.strip())]
