"""The published tender document as a tagged PDF (PDF/UA-1): the HTML twin
rendered by WeasyPrint's "pdf/ua-1" variant, so the PDF and the HTML say the
same thing and the PDF carries a structure tree (headings, paragraphs, lists,
tables with header cells), reading order, /Lang and its title shown, with the
page furniture as artifacts. reportlab, which draws drafts and remiss
editions, does not tag.

WeasyPrint does not give table header cells a scope; the structure tree is
completed with pikepdf: a header cell in a table's head is a column header,
any other a row header (as the HTML's scope="col"/"row" say)."""

import io

import pikepdf

from .tender_html import render_tender_html


def render_tender_pdf_ua(data):
    """The public tender document for a TenderData, as tagged PDF/UA-1 bytes."""
    import weasyprint  # loads Pango: only where a published document is drawn, not at every start

    html = render_tender_html(data).decode()
    pdf = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)
    return scope_header_cells(pdf)


def scope_header_cells(content):
    """`content` with a /Scope on every TH of its structure tree."""
    with pikepdf.open(io.BytesIO(content)) as pdf:
        _scope(pdf.Root.StructTreeRoot, in_head=False)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


def _scope(element, in_head):
    kind = element.get("/S")
    if kind == "/TH":
        element.A = pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=pikepdf.Name.Column if in_head else pikepdf.Name.Row)
    children = element.get("/K")
    if isinstance(children, pikepdf.Dictionary):
        children = [children]
    if isinstance(children, (pikepdf.Array, list)):
        for child in children:
            if isinstance(child, pikepdf.Dictionary) and "/S" in child:
                _scope(child, in_head or kind == "/THead")
