"""What changed between two editions, for suppliers ("Ändringar sedan
Utgåva X") and for the record, each change rated minor (a clarification) or
significant (a changed ska-krav, kvalificeringskrav, award criterion, value,
evaluation model, party, procedure or deadline), the changes that LOU 11 kap.
8 § asks a longer tender period for."""

from dataclasses import asdict, dataclass

from django.utils.translation import gettext as _

from ..models import EvaluationModel, Procurement, Requirement
from ..versions import display

# What suppliers read of a requirement, in the document's order: what a change log compares.
PUBLIC_FIELDS = ("title", "statement", "kind", "weight", "scale", "verification", "verifikat", "follow_up", "references")
# A change to one of these is significant whatever changed in it.
SIGNIFICANT_KINDS = {Requirement.Kind.MANDATORY, Requirement.Kind.QUALIFICATION, Requirement.Kind.EVALUATED}
SIGNIFICANT_TERMS = {"procedure", "tender_deadline", "joint_model"}
# The terms suppliers read, with how each is shown.
PUBLIC_TERMS = ("joint_model", "joint_basis", "procedure", "questions_deadline", "tender_deadline",
                "tender_valid_until", "tender_language", "esystem")


def field_changes(old, new):
    """[(name, label, before, after)] of the public fields that differ between
    two edition items: a changed value (150000 → 120000) shows, not only a
    changed text."""
    return [(name, Requirement._meta.get_field(name).verbose_name, display(name, getattr(old, name)),
             display(name, getattr(new, name)))
            for name in PUBLIC_FIELDS if (getattr(old, name) or "") != (getattr(new, name) or "")]


@dataclass(frozen=True)
class Change:
    where: str  # "LADD-01 Låna e-böcker", "Avsnitt: omfattning", "Sista anbudsdag"
    what: str  # what changed, in words
    before: str
    after: str
    significant: bool


def between(old_context, old_items, new_context, new_items):
    """[Change] from one edition (its context and items) to the next, as JSON-ready dicts."""
    changes = _requirements(old_items, new_items) + _sections(old_context, new_context)
    changes += _definitions(old_context, new_context) + _terms(old_context, new_context)
    changes += _evaluation(old_context, new_context) + _price_model(old_context, new_context)
    return [asdict(change) for change in changes]


def _requirements(old_items, new_items):
    before = {item.number: item for item in old_items}
    now = {item.number: item for item in new_items}
    changes = []
    for number, item in now.items():
        old = before.get(number)
        if old is None:
            changes.append(Change(f"{number} {item.title}", _("Requirement added"), "", item.statement,
                                  item.kind in SIGNIFICANT_KINDS))
            continue
        significant = old.kind in SIGNIFICANT_KINDS or item.kind in SIGNIFICANT_KINDS
        changes += [Change(f"{number} {item.title}", str(label).capitalize(), old_value, new_value, significant)
                    for _name, label, old_value, new_value in field_changes(old, item)]
    changes += [Change(f"{number} {old.title}", _("Requirement removed"), old.statement, "",
                       old.kind in SIGNIFICANT_KINDS) for number, old in before.items() if number not in now]
    return changes


def _sections(old_context, new_context):
    before = {s["kind"]: s for s in old_context.get("sections", [])}
    return [Change(_("Section: %(title)s") % {"title": s["title"]}, _("Text changed"), before.get(s["kind"], {})
                   .get("text", ""), s["text"], False)
            for s in new_context.get("sections", []) if before.get(s["kind"], {}).get("text", "") != s["text"]]


def _definitions(old_context, new_context):
    before = {d["term"]: d["meaning"] for d in old_context.get("definitions", [])}
    now = {d["term"]: d["meaning"] for d in new_context.get("definitions", [])}
    return [Change(_("Definition: %(term)s") % {"term": term}, _("Definition changed"), before.get(term, ""),
                   now.get(term, ""), False)
            for term in sorted(set(before) | set(now)) if before.get(term) != now.get(term)]


def _terms(old_context, new_context):
    old_terms, new_terms = old_context.get("terms", {}), new_context.get("terms", {})
    changes = [Change(str(Procurement._meta.get_field(name).verbose_name).capitalize(), _("Changed"),
                      _term(name, old_terms.get(name)), _term(name, new_terms.get(name)), name in SIGNIFICANT_TERMS)
               for name in PUBLIC_TERMS if old_terms.get(name) != new_terms.get(name)]

    def parties(context):
        return sorted(f"{p['legal_name']} ({p['organisation_number']})" for p in context.get("parties", []))

    if parties(old_context) != parties(new_context):
        changes.append(Change(_("Contracting authorities"), _("Changed"), "; ".join(parties(old_context)),
                              "; ".join(parties(new_context)), True))
    return changes


def _term(name, value):
    if value in (None, ""):
        return "–"
    choices = {"joint_model": Procurement.JointModel, "procedure": Procurement.Procedure,
               "tender_language": Procurement.Language}
    if name in choices:
        return str(choices[name](value).label)
    return str(value).replace("T", " ") if name == "tender_deadline" else str(value)


def _price_model(old_context, new_context):
    """The price model is compared whole: a changed component, quantity or formula changes every price."""
    def listed(context):
        return "; ".join(f"{c['label']} {c['quantity']} {c['unit']}".strip() + ("" if c["evaluated"] else " (–)")
                         for c in context.get("price_model", []))

    before, after = listed(old_context), listed(new_context)
    return [Change(_("Price model"), _("Changed"), before, after, True)] if before != after else []


def _evaluation(old_context, new_context):
    old_model, new_model = old_context.get("evaluation") or {}, new_context.get("evaluation") or {}
    return [Change(_("Evaluation model"), str(EvaluationModel._meta.get_field(name).verbose_name).capitalize(),
                   display_model(name, old_model.get(name)), display_model(name, new_model.get(name)), True)
            for name in EvaluationModel.CONTENT_FIELDS if old_model.get(name) != new_model.get(name)]


def display_model(name, value):
    field = EvaluationModel._meta.get_field(name)
    if value in (None, ""):
        return "–"
    if field.choices:
        return str(dict(field.choices).get(value, value))
    return str(value)
