"""The documents of the tenders received, each as accessible HTML and as a
tagged PDF (PDF/UA-1) made from that HTML, in Swedish:

- the evaluation record (internal, secret until the award decision): each
  tender's examination, each criterion's level with its evidence, the
  arithmetic line by line, the ranking and the result's digest;
- the tilldelningsbeslut, sent to every tenderer: public, so it holds only the
  tenderers' results, never member names, votes, comments or rationale;
- the individual report."""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.dateparse import parse_date

from ..amounts import kronor, points_text
from ..documents.tender_html import DOCUMENT_POLICY
from ..documents.tender_pdf_ua import html_to_pdf_ua
from ..evaluation.comparison import chapter


def _amount(result, value):
    if value is None:
        return ""
    return points_text(value) if result["model"]["method"] == "points" else kronor(value)


def _rows(result):
    """Each tender of a result with its figures as text."""
    rows = []
    for row in result["tenders"]:
        rows.append({
            **row,
            "price_text": kronor(row["price"]) if row["price"] is not None else "",
            "quality_text": _amount(result, row["quality_value"]),
            "points_text": points_text(row["price_points"]) if row["price_points"] is not None else "",
            "comparison_text": _amount(result, row["comparison"]),
            "lines": [{**line, "unit_text": kronor(line["unit_price"]) if line["unit_price"] is not None else "–",
                       "sum_text": kronor(line["sum"]) if line["sum"] is not None else "–"}
                      for line in row["price_lines"]],
            "levels": [{**level, "value_text": _amount(result, level["value"]),
                        "earned_text": _amount(result, level["earned"])} for level in row["levels"]],
        })
    return rows


def _both(template, context):
    with translation.override("sv"):
        html = render_to_string(template, {**context, "csp": DOCUMENT_POLICY})
        return html.encode("utf-8"), html_to_pdf_ua(html)


def render_evaluation_record(edition, run):
    """(HTML bytes, PDF bytes) of an evaluation run's record."""
    result = run.result
    with translation.override("sv"):
        evaluation_chapter = chapter(result["model"], [])
    return _both("documents/evaluation_record.html", {
        "procurement": edition.context["procurement"], "edition": edition.label, "run": run, "result": result,
        "points": result["model"]["method"] == "points", "rows": _rows(result),
        "model_text": evaluation_chapter.paragraphs,
    })


def render_award_decision(edition, result, winner, decided_on, lot=False, digest=""):
    """(HTML bytes, PDF bytes) of the tilldelningsbeslut."""
    with translation.override("sv"):
        evaluation_chapter = chapter(result["model"], [])
    return _both("documents/award_decision.html", {
        "procurement": edition.context["procurement"], "parties": edition.context.get("parties", []),
        "edition": edition.label, "winner": winner, "decided_on": decided_on, "lot": lot, "digest": digest,
        "points": result["model"]["method"] == "points", "rows": _rows(result),
        "model_text": evaluation_chapter.paragraphs,
    })


def render_report(facts, completed, digest):
    """(HTML bytes, PDF bytes) of the individual report."""
    return _both("documents/individual_report.html", {
        "facts": facts, "completed": completed, "digest": digest, "decided_on": parse_date(facts["decided_on"]),
        "rejected": [row for row in facts["tenders"] if row["rejected"]],
        "accepted": [row for row in facts["tenders"] if not row["rejected"]],
    })
