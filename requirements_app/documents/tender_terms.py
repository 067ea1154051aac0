"""What the tender document says about who buys, by which procedure, by which
dates and how tenders are kept secret: sentences made from the terms an
edition froze (`terms.snapshot`). The PDF and the HTML twin show the same
sentences. Pure: imports no models.

The legal statements and their sources:
- LOU: lagen (2016:1145) om offentlig upphandling. Below the thresholds its
  19 kap. applies; förenklat förfarande and urvalsförfarande are procedures of
  that chapter only.
- OSL: offentlighets- och sekretesslagen (2009:400). 19 kap. 3 § andra stycket:
  absolute secrecy for what a tender holds until the award decision. 31 kap.
  16 §: secrecy for a supplier's business relations, tried when someone asks
  for the document.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PROCEDURES = {
    "open": gettext_lazy("Open procedure (öppet förfarande)"),
    "restricted": gettext_lazy("Restricted procedure (selektivt förfarande)"),
    "negotiated": gettext_lazy("Competitive procedure with negotiation (förhandlat förfarande med föregående "
                               "annonsering)"),
    "dialogue": gettext_lazy("Competitive dialogue (konkurrenspräglad dialog)"),
    "simplified": gettext_lazy("Simplified procedure (förenklat förfarande)"),
    "selective_below": gettext_lazy("Selection procedure (urvalsförfarande)"),
}
LANGUAGES = {"sv": gettext_lazy("Swedish"), "sv_en": gettext_lazy("Swedish or English")}


@dataclass(frozen=True)
class PublicTerms:
    """The terms as suppliers read them."""

    parties: list  # [(legal name, organisationsnummer)]
    joint: str  # how the authorities procure together, or ""
    facts: list  # [(label, text)]: procedure, dates, language, communication
    confidentiality: list  # paragraphs


def public_terms(context):
    """PublicTerms from an edition's context; None for an edition frozen before
    the workbench held terms (its document said nothing of them)."""
    if "terms" not in context:
        return None
    terms, parties = context["terms"], context.get("parties", [])
    return PublicTerms(
        parties=[(party["legal_name"], party["organisation_number"]) for party in parties],
        joint=_joint(terms, parties), facts=_facts(terms), confidentiality=confidentiality(),
    )


def _joint(terms, parties):
    model = terms.get("joint_model")
    if model == "single" and parties:
        return _("%(party)s procures for itself and is the party to the contract.") % {"party": parties[0]["legal_name"]}
    if model == "each_party":
        return _("The contracting authorities above procure jointly. Each of them is a party to the contract with the "
                 "supplier.")
    if model == "on_behalf":
        lead = next((party["legal_name"] for party in parties if party["lead"]), "")
        return _("%(lead)s conducts the procurement on behalf of the other contracting authorities above, under: "
                 "%(basis)s") % {"lead": lead, "basis": terms.get("joint_basis", "")}
    return ""


def deadline_text(value):
    """"2025-04-08 kl. 23.59" from the snapshot's "2025-04-08T23:59"."""
    day, _sep, time = value.partition("T")
    return _("%(day)s at %(time)s") % {"day": day, "time": time.replace(":", ".")}


def _facts(terms):
    facts = []
    if procedure := terms.get("procedure"):
        text = _("%(procedure)s under the Public Procurement Act (2016:1145), LOU.") % {
            "procedure": PROCEDURES[procedure]}
        if terms.get("above_threshold") is False:
            text += " " + _("The contract's estimated value is below the threshold, so chapter 19 of LOU applies.")
        elif terms.get("above_threshold"):
            text += " " + _("The contract's estimated value is above the threshold.")
        facts.append((_("Procedure"), text))
    if day := terms.get("questions_deadline"):
        facts.append((_("Last day for questions"), day))
    if deadline := terms.get("tender_deadline"):
        facts.append((_("Tender deadline"), _("The tender must have arrived by %(deadline)s.")
                      % {"deadline": deadline_text(deadline)}))
    if day := terms.get("tender_valid_until"):
        facts.append((_("Validity of the tender"), _("The tender must remain valid until and including %(day)s.")
                      % {"day": day}))
    if language := terms.get("tender_language"):
        facts.append((_("Language"), _("The tender is written in %(language)s.")
                      % {"language": str(LANGUAGES[language]).lower()}))
    if system := terms.get("esystem"):
        facts.append((_("Communication"), _("All communication about the procurement, questions and the tender "
                                            "included, goes in writing through %(system)s. Answers to questions are "
                                            "published there to every supplier, without naming who asked.")
                      % {"system": system}))
    return facts


def confidentiality():
    """What a tenderer must know about the secrecy of its tender (OSL, see the module's sources)."""
    return [
        _("What a tender holds is secret until the award decision has been made (chapter 19, section 3 of the Public "
          "Access to Information and Secrecy Act (2009:400), OSL). After that, the tenders are in general public "
          "documents."),
        _("A tenderer who wants information in its tender kept secret names that information in the tender and "
          "says what harm it would suffer if the information were disclosed (chapter 31, section 16 of OSL). The "
          "contracting authority tries the secrecy when someone asks for the document."),
    ]
