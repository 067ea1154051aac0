"""The internal beslutsunderlag as a PDF: traceability to the workshop, the
decision log with tallies and dissent, the change log, and who wrote and who
approved what. For the working group and the archive; every page is marked
"Beslutsunderlag – allmän handling; sekretessprövas vid begäran". Layout only: what it shows is `documents.InternalRecord`."""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, NextPageTemplate, PageBreak, Spacer

from ..amounts import kronor
from ..deliberation.declarations import RULES
from ..models import Decision, Procurement, Requirement, Vote
from .archival import as_pdfa2b
from .audiences import digest_text, internal_record
from .pdf_layout import StoryBase, register_fonts, render, text
from .story_html import story_html
from .tender_pdf_ua import html_to_pdf_ua
from .tender_terms import deadline_text


def RECORD_LABEL():  # noqa: N802  (a constant, translated when drawn)
    """What the record is, on its cover and every page: once its decisions are taken it is an allmän handling
    that anyone may ask for, and secrecy is tried then (OSL 19 kap. 3 § while the procurement runs)."""
    return _("Decision record – a public document (allmän handling); secrecy is tried on request "
             "(OSL 19 kap. 3 § during the procurement)")


class RecordStory(StoryBase):
    def __init__(self, record):
        super().__init__()
        self.record = record

    def body(self):
        return (self.procurement_terms() + self.traceability() + self.decision_log() + self.evaluation_model()
                + self.criteria()
                + self.review() + self.change_log() + self.correction() + self.authorship() + self.declarations()
                + self.tender_period()
                + self.unanswered_insights() + self.digest())

    def cover(self):
        record = self.record
        flow = [Spacer(0, 40 * mm), self.para(text(RECORD_LABEL()), "draft"), Spacer(0, 8 * mm)]
        flow += [
            self.para(_("Decision record"), "cover"),
            self.para(text(record.procurement["name"]), "cover_sub"),
            Spacer(0, 12 * mm),
            self.para(f"{text(record.label)}, {date_format(record.edition_date, 'j F Y')}", "cover_sub"),
            self.para(_("Not part of the tender document."), "cover_sub"),
            NextPageTemplate("body"), PageBreak(),
        ]
        return flow

    def procurement_terms(self):
        """The parties with their contacts and every term, the estimated value and the threshold's source included."""
        terms = self.record.terms
        if not terms:  # frozen before the workbench held terms
            return []
        missing = _("not stated")
        flow = [self.chapter_heading(_("Terms and parties"))]
        if adopted := self.record.adopted:
            flow.append(self.para(text(_("Publication decided by %(name)s, %(position)s, under %(delegation)s.")
                                       % adopted)))
        for party in self.record.parties:
            contact = ", ".join(part for part in (party["contact_name"], party["contact_email"]) if part)
            flow.append(self.para("• " + text(party["legal_name"]) + ", " + _("organisationsnummer") + " "
                                  + text(party["organisation_number"] or missing)
                                  + (" · " + _("contact") + ": " + text(contact) if contact else "")))
        if not self.record.parties:
            flow.append(self.para(_("No contracting authority is named.")))

        def label(choices, value):
            return str(choices(value).label) if value else missing

        value = terms["estimated_value"]
        threshold = terms["procurement_threshold"]
        above = {True: _("above the threshold"), False: _("below the threshold"), None: missing}[terms["above_threshold"]]
        rows = [
            (_("Joint procurement"), label(Procurement.JointModel, terms["joint_model"])
             + (f" ({terms['joint_basis']})" if terms["joint_basis"] else "")),
            (_("Procedure"), label(Procurement.Procedure, terms["procedure"])),
            (_("Estimated contract value"), (kronor(value) if value is not None else missing)
             + (f" ({terms['value_includes']})" if terms["value_includes"] else "")),
            (_("Threshold"), f"{kronor(threshold)}, {terms['procurement_threshold_source']}, "
                             f"{terms['procurement_threshold_date']}: {above}" if threshold else missing),
            (_("Last day for questions"), terms["questions_deadline"] or missing),
            (_("Tender deadline"), deadline_text(terms["tender_deadline"]) if terms["tender_deadline"] else missing),
            (_("Tenders valid until"), terms["tender_valid_until"] or missing),
            (_("E-procurement system"), terms["esystem"] or missing),
        ]
        flow += [self.para(f"<b>{text(name)}:</b> {text(value)}") for name, value in rows]
        flow.append(self.heading(_("Market analysis"), 1))
        flow += self.paragraphs(terms.get("market_analysis", "")) or [self.para(text(missing))]
        return flow + [PageBreak()]

    def declarations(self):
        """Every declaration of interest, with its date; who declared an interest is marked in the decision log."""
        declared = self.record.declarations
        if declared is None:  # frozen before declarations were kept
            return []
        flow = [CondPageBreak(60 * mm), self.chapter_heading(_("Conflicts of interest"))]
        flow.append(self.para(text(_("Each member and expert declares any interest in potential suppliers, or none "
                                     "(%(rules)s).") % {"rules": "; ".join(RULES)})))
        if not declared:
            return flow + [self.para(_("No one has made a declaration."))]
        for d in declared:
            said = (_("declares an interest: %(interest)s") % {"interest": d["description"]} if d["has_interest"]
                    else _("declares no interest"))
            flow.append(self.para(text(f"{d['date']} {d['name']} {said}"), "small"))
        return flow

    def digest(self):
        if not self.record.digest:
            return []
        return [Spacer(0, 8 * mm), self.para(text(digest_text(self.record.digest)), "small")]

    def tender_period(self):
        """Suppliers' questions with who asked (internal), who wrote and approved each answer and when it was
        published, and the decisions on the tender deadline."""
        period = self.record.tender_period
        if not period or not (period["questions"] or period["extensions"]):
            return []
        flow = [PageBreak(), self.chapter_heading(_("Questions and answers during the tender period"))]
        for q in period["questions"]:
            lines = [_("Question %(number)s, received %(received)s from %(asker)s") % q]
            if q["requirements"]:
                lines.append(_("Concerns: %(numbers)s") % {"numbers": ", ".join(q["requirements"])})
            if q["revises"]:
                lines.append(_("Revises the answer to question %(number)s.") % {"number": q["revises"]})
            if q["written_by"]:
                lines.append(_("Answer written by %(who)s.") % {"who": q["written_by"]})
            if q["approved_by"]:
                lines.append(_("Approved by %(who)s %(when)s.") % {"who": q["approved_by"], "when": q["approved"]}
                             + (f" {q['approval_note']}" if q["approval_note"] else ""))
            if q["batch"]:
                lines.append(_("Published in Questions and answers %(number)s, %(when)s.")
                             % {"number": q["batch"], "when": q["published"]})
            if q["suspect"]:
                lines.append(_("Suspect: %(reason)s") % {"reason": q["suspect"]})
            flow.append(self.para("<br/>".join(text(line) for line in lines), "small"))
        flow.append(self.heading(_("Decisions on the tender deadline"), 1))
        if not period["extensions"]:
            flow.append(self.para(_("The tender deadline has not been extended.")))
        for e in period["extensions"]:
            flow.append(self.para(text(_("From %(from)s to %(to)s, decided %(decided)s by %(by)s: %(reason)s") % e),
                                  "small"))
        return flow

    def traceability(self):
        flow = [self.chapter_heading(_("Traceability"))]
        flow.append(self.para(_("Each insight from the workshop and the requirements that answer it.")))
        answered = [(insight, numbers) for insight, numbers in self.record.traceability if numbers]
        unanswered = [insight for insight, numbers in self.record.traceability if not numbers]
        triaged = sum(1 for insight in unanswered if insight.get("triage_label"))
        flow.append(self.para(text(_("%(answered)s insights are answered by a requirement; %(triaged)s are triaged out "
                                     "with a reason; %(open)s are open. Those that no requirement answers are listed "
                                     "in appendix A.") % {"answered": len(answered), "triaged": triaged,
                                                          "open": len(unanswered) - triaged})))
        for insight, numbers in answered:
            flow.append(self.para(
                f"<b>{text(insight['key'])}</b> ({text(insight['kind_label'])}) {text(insight['text'])}<br/>"
                f"→ {text(', '.join(numbers))}", "small"))
        grounded = [item for item in self.record.items if item.basis_kind]
        if grounded:
            flow.append(self.heading(_("Requirements that rest on another basis"), 1))
            for item in grounded:
                flow.append(self.para(f"<b>{text(item.number)} {text(item.title)}</b> – "
                                      f"{text(str(Requirement.Basis(item.basis_kind).label))}: {text(item.basis)}",
                                      "small"))
        return flow

    def unanswered_insights(self):
        """Appendix A: the insights no requirement answers, with the reason for those triaged out."""
        unanswered = [insight for insight, numbers in self.record.traceability if not numbers]
        flow = [PageBreak(), self.chapter_heading(_("Insights that no requirement answers"), appendix="A")]
        if not unanswered:
            flow.append(self.para(_("None.")))
        for insight in unanswered:
            triage = ""
            if insight.get("triage_label"):  # frozen before insights could be triaged: none
                triage = f"<br/><i>{text(insight['triage_label'].capitalize())}: {text(insight['triage_reason'])}</i>"
            flow.append(self.para(f"<b>{text(insight['key'])}</b> {text(insight['text'])}{triage}", "small"))
        return flow

    def decision_log(self):
        flow = [PageBreak(), self.chapter_heading(_("Decision log"))]
        decided = self.record.decisions
        if not decided:
            return flow + [self.para(_("No decisions are recorded for these requirements."))]
        rules = sorted({decision["rule"] for _item, decision in decided})
        # Whose latest declaration, at freeze, declares an interest.
        latest = {}
        for declaration in self.record.declarations or []:  # newest first
            latest.setdefault(declaration["name"], declaration["has_interest"])
        interested = {name for name, has_interest in latest.items() if has_interest}
        declared, decided_label, rationale_label = _("declared an interest"), _("Decided"), _("Rationale")
        for rule in rules:  # said once, not on every line
            flow.append(self.para(_("Decision rule: %(rule)s.") % {"rule": text(rule)}))
        for item, d in decided:
            line = _("%(number)s version %(version)s: %(outcome)s %(date)s, %(yes)s yes, %(no)s no, %(abstain)s abstain.") % {
                "number": item.number, "version": item.version_no, "outcome": Decision.Outcome(d["outcome"]).label,
                "date": d["date"], "yes": d["yes"], "no": d["no"], "abstain": d["abstain"],
            }
            markup = text(line)
            if len(rules) > 1:
                markup += " " + text(f"({d['rule']})")
            if d["advisory"]:
                markup += f" {text(d['advisory'])}."
            if d["dissent"]:
                markup += "<br/>" + _("Dissent") + ": " + text(d["dissent"])
            if d.get("votes"):  # frozen before votes were kept: the tally alone
                markup += "<br/>" + _("Votes") + ": " + text("; ".join(
                    f"{vote['name']} {Vote.Choice(vote['choice']).label}" + (f" ({vote['reason']})" if vote["reason"] else "")
                    + (f" [{declared}]" if vote["name"] in interested else "")
                    for vote in d["votes"]))
            if d.get("meeting_date"):
                markup += "<br/>" + text(_("Decided at the meeting of %(date)s.") % {"date": d["meeting_date"]})
            if d.get("note"):
                markup += "<br/>" + _("Note") + ": " + text(d["note"])
            markup += f"<br/><i>{text(decided_label)}:</i> {text(item.statement)}"
            if item.rationale:
                markup += f"<br/><i>{text(rationale_label)}:</i> {text(item.rationale)}"
            flow.append(self.para(markup, "small"))
        return flow

    def evaluation_model(self):
        """The evaluation model as frozen: its version, the expected price (never published) and the warnings
        shown at freeze, which a publication acknowledges with the reason in the requirement check's chapter."""
        frozen = self.record.evaluation_record
        if frozen is None:  # frozen before it was kept
            return []
        flow = [CondPageBreak(60 * mm), self.chapter_heading(_("The evaluation model at freeze"))]
        price = kronor(frozen["expected_price"]) if frozen["expected_price"] else _("not stated")
        flow.append(self.para(text(_("Version %(version)s. Expected price: %(price)s; a warning when the added values "
                                     "exceed %(share)s %% of it.") % {"version": frozen["version_no"], "price": price,
                                                                      "share": frozen["max_share"]})))
        flow.append(self.heading(_("Warnings at freeze"), 1))
        flow += [self.para(text(warning), "small") for warning in frozen["warnings"]] or [self.para(_("None."))]
        return flow

    def criteria(self):
        """Each award criterion's value and why it is worth that (never in the tender document)."""
        if not self.record.criteria:
            return []
        flow = [CondPageBreak(60 * mm), self.chapter_heading(_("Award criteria: values and their reasons"))]
        for number, title, value, reason in self.record.criteria:
            line = f"<b>{text(number)} {text(title)}</b>: {text(value)}. "
            line += text(reason) if reason else "<i>" + text(_("No reasoning recorded for the value.")) + "</i>"
            flow.append(self.para(line, "small"))
        return flow

    def review(self):
        """Kravgranskning at freeze: what was still open, and every finding set
        aside or overridden, with its reason."""
        review = self.record.review
        if review is None:
            return []
        flow = [CondPageBreak(60 * mm), self.chapter_heading(_("Requirement check at freeze"))]
        override = self.record.publication_override
        if override:
            flow.append(self.para("<b>" + text(_("Published despite the requirement check's errors or the evaluation model's "
                                                 "warnings, because: %(reason)s")
                                               % {"reason": override["reason"]}) + "</b>"))
            flow += [self.para(text(message), "small") for message in override["overridden"]]
        if not review:
            return flow + [self.para(_("No findings on the frozen requirements."))]
        status = {"open": _("open"), "set_aside": _("set aside"), "overridden": _("overridden")}
        for finding in review:
            line = f"<b>{text(finding['number'])}</b> {text(finding['code'])} ({text(finding['severity'])}): " \
                   f"{text(finding['message'])} – {text(status[finding['status']])}"
            if finding["reason"]:
                line += " " + text(_("by %(name)s, because: %(reason)s") % {"name": finding["by"],
                                                                             "reason": finding["reason"]})
            flow.append(self.para(line, "small"))
        return flow

    def change_log(self):
        flow = [CondPageBreak(60 * mm), self.chapter_heading(_("Change log"))]
        record = self.record
        if not record.previous_label:
            return flow + [self.para(_("This is the first edition."))]
        log = record.change_log
        flow.append(self.para(_("Changes since %(label)s.") % {"label": text(record.previous_label)}))
        flow.append(self.heading(_("Added"), 1))
        flow += [self.para(f"{text(i.number)} {text(i.title)}", "small") for i in log["added"]] or [self.para(_("None."))]
        flow.append(self.heading(_("Changed"), 1))
        for old, new, runs, fields in log["changed"]:
            diff = "".join(
                f"<strike>{text(run)}</strike>" if op == "delete" else f"<u>{text(run)}</u>" if op == "insert" else text(run)
                for op, run in runs
            )
            changes = "".join(f"<br/>{text(str(label).capitalize())}: {text(before)} → {text(after)}"
                              for name, label, before, after in fields if name != "statement")
            flow.append(self.para(
                f"<b>{text(new.number)} {text(new.title)}</b> "
                + _("(version %(old)s → %(new)s)") % {"old": old.version_no, "new": new.version_no}
                + f"<br/>{diff}{changes}", "small"))
        if not log["changed"]:
            flow.append(self.para(_("None.")))
        flow.append(self.heading(_("Removed"), 1))
        flow += [self.para(f"{text(i.number)} {text(i.title)}", "small") for i in log["removed"]] or [self.para(_("None."))]
        return flow

    def correction(self):
        """A correction: each change rated, the decision on the tender deadline, and the notice's eForms fields."""
        correction, changes = self.record.correction, self.record.changes
        if not correction:
            return []
        flow = [CondPageBreak(60 * mm), self.chapter_heading(_("Correction of %(label)s") % {
            "label": correction["corrects"]})]
        for change in changes["items"]:
            rating = _("significant") if change["significant"] else _("minor")
            flow.append(self.para(f"<b>{text(change['where'])}</b>: {text(change['what'])} ({text(rating)})<br/>"
                                  f"{text(change['before'] or '–')} → {text(change['after'] or '–')}", "small"))
        if correction["significant"]:
            if correction["decision"] == "extended":
                decision = _("The changes are significant. The tender deadline was extended to %(to)s: %(reason)s") % (
                    correction["extension"])
            else:
                decision = _("The changes are significant. The procurement is restarted: %(note)s") % {
                    "note": correction["decision_note"]}
        else:
            decision = _("Every change is minor: the tender deadline stays.")
        flow.append(self.para(text(decision)))
        flow.append(self.heading(_("Change notice (eForms)"), 1))
        for field, value in (("BT-758", correction["previous_notice"]), ("BT-140", correction["reason_code"]),
                             ("BT-141", correction["description"]), ("BT-718", _("yes")),
                             ("BT-719", self.record.edition_date.isoformat())):
            flow.append(self.para(f"<b>{field}:</b> {text(value)}", "small"))
        return flow

    def authorship(self):
        flow = [CondPageBreak(60 * mm), self.chapter_heading(_("Who wrote and who approved"))]
        if not self.record.authorship:
            return flow + [self.para(_("None."))]
        for number, title, author, proposed, recorded in self.record.authorship:
            line = _("%(number)s %(title)s – written by %(author)s") % {"number": number, "title": title, "author": author}
            if proposed:
                line += " (" + _("proposed by %(name)s") % {"name": proposed} + ")"
            if recorded:
                line += "; " + _("decision recorded by %(name)s") % {"name": recorded}
            flow.append(self.para(text(line + "."), "small"))
        return flow


def render_record_pdf(data):
    """The internal beslutsunderlag for a TenderData, as PDF bytes (the same data gives the same bytes). A
    publication's record, which the authority keeps, is tagged PDF/A-2a and PDF/UA-1 (WeasyPrint, from the
    story as HTML); any other edition's is drawn by reportlab, declared PDF/A-2b, in a fraction of the time."""
    if data.publication:
        return html_to_pdf_ua(render_record_html(data), archival=True)
    with translation.override("sv"):
        record = internal_record(data)
        page = _furniture(record)
        return as_pdfa2b(render(
            RecordStory(record), record.procurement["name"], page["header_right"], page["footer"], "internal",
            dated=record.edition_date, title=page["title"], author=page["author"], subject=RECORD_LABEL(),
        ))


def _furniture(record):
    """What every page and the document's metadata say, whichever engine draws it."""
    name = record.procurement["name"]
    return {
        "header_right": _("Decision record") + f" – {record.label}",
        "footer": _("Secrecy is tried on request (OSL 19 kap. 3 § during the procurement)"),
        "title": f"{_('Decision record')} – {name} – {record.label}",
        "author": record.procurement["organisation"] or name,
    }


def css_string(value):
    """`value` as a CSS string literal, safe inside a <style> element."""
    escaped = "".join(f"\\{ord(c):x} " if c in '"\\<>&\n' else c for c in value)
    return mark_safe(f'"{escaped}"')


def render_record_html(data):
    """The record's story as one HTML document: its cover, contents and chapters, with the page furniture
    reportlab draws (the mark, the header, the footer, "Sida X av Y") in the stylesheet's page margins."""
    register_fonts()  # reportlab's paragraphs parse their markup against the fonts they name
    with translation.override("sv"):
        record = internal_record(data)
        story, page = RecordStory(record), _furniture(record)
        cover, body = story.cover(), story.body()  # the body numbers the chapters and fills the contents
        return render_to_string("documents/record.html", {
            "title": page["title"], "author": page["author"], "label": RECORD_LABEL(), "dated": record.edition_date,
            "mark": css_string(_("Decision record – a public document; secrecy is tried on request")),
            "header_right": css_string(page["header_right"]), "footer_left": css_string(page["footer"]),
            "cover": mark_safe(story_html(cover)), "body": mark_safe(story_html(body)),
            "contents": story.entries,
        })
