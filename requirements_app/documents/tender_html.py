"""The public upphandlingsdokument as one self-contained HTML file: the
accessible twin of the PDF (reportlab cannot tag a PDF). What it shows is
`documents.PublicDocument`, the same selection as the PDF's."""

from django.template.loader import render_to_string
from django.utils import translation

from ..models import Definition, Requirement
from .audiences import digest_text, public_document
from .tender_pdf import VERIFICATION_GUIDANCE, how_to_answer


# The document's own policy, in its <meta> and on the response that serves it:
# its one inline style block, no script, nothing fetched.
DOCUMENT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def render_tender_html(data):
    """The public tender document for a TenderData, as UTF-8 HTML bytes."""
    with translation.override("sv"):
        document = public_document(data)
        html = render_to_string("documents/tender.html", {
            "document": document,
            "csp": DOCUMENT_POLICY,
            "how_to_answer": how_to_answer(),
            "verification_guidance": [
                (label, translation.gettext(VERIFICATION_GUIDANCE[value]))
                for value, label in Requirement.Verification.choices
            ],
            "roles": dict(Definition.Role.choices),
            "evaluated": document.evaluated_items(),
            "evaluated_total": sum(item.weight for item in document.evaluated_items()),
            "digest_text": digest_text(document.digest) if document.digest else "",
        })
    return html.encode("utf-8")
