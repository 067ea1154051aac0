"""The published tender document as a tagged PDF (PDF/UA-1): the HTML twin
rendered by WeasyPrint's "pdf/ua-1" variant, so the PDF and the HTML say the
same thing and the PDF carries a structure tree (headings, paragraphs, lists,
tables with header cells), reading order, /Lang and its title shown, with the
page furniture as artifacts. reportlab, which draws drafts and remiss
editions, does not tag.

WeasyPrint does not give table header cells a scope, and when a page breaks
right after a table's caption it tags the caption as a table of its own. The
structure tree is completed with pikepdf: a header cell in a table's head is a
column header, any other a row header (as the HTML's scope="col"/"row" say),
and a caption left alone joins the table it belongs to."""

import io

import pikepdf

from .tender_html import render_tender_html


def render_tender_pdf_ua(data):
    """The public tender document for a TenderData, as tagged PDF/UA-1 bytes."""
    return html_to_pdf_ua(render_tender_html(data).decode())


def html_to_pdf_ua(html, archival=False):
    """A document's HTML (a string) as tagged PDF/UA-1 bytes that say the same thing; `archival`, also
    PDF/A-2a (WeasyPrint's "pdf/a-2a": tagged, fonts embedded, XMP metadata, an sRGB output intent), which
    the XMP then declares beside PDF/UA-1: the two ask for the same tagging and agree on the rest."""
    import weasyprint  # loads Pango: only where a published document is drawn, not at every start

    pdf = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/a-2a" if archival else "pdf/ua-1",
                                                 uncompressed_pdf=False)
    return scope_header_cells(pdf, declare_ua=archival)


def scope_header_cells(content, declare_ua=False):
    """`content` with a /Scope on every TH of its structure tree (and, `declare_ua`, with PDF/UA-1's
    identification and the document title shown, which WeasyPrint's PDF/A variants leave out)."""
    with pikepdf.open(io.BytesIO(content)) as pdf:
        _join_split_captions(pdf.Root.StructTreeRoot)
        _scope(pdf.Root.StructTreeRoot, in_head=False)
        if declare_ua:
            with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
                meta["pdfuaid:part"] = "1"
            pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


def _children(element):
    children = element.get("/K")
    if isinstance(children, pikepdf.Dictionary):
        return [children]
    return list(children) if isinstance(children, pikepdf.Array) else []


def _tables(element, found):
    """Every Table in document order, as (table, the element holding it in its parent, that parent)."""
    for child in _children(element):
        if not (isinstance(child, pikepdf.Dictionary) and "/S" in child):
            continue
        grandchildren = [c for c in _children(child) if isinstance(c, pikepdf.Dictionary)]
        if child.get("/S") == "/Table":
            found.append((child, child, element))
        elif child.get("/S") == "/Div" and len(grandchildren) == 1 and grandchildren[0].get("/S") == "/Table":
            found.append((grandchildren[0], child, element))  # the HTML's scrolling wrapper
        else:
            _tables(child, found)
    return found


def _join_split_captions(root):
    """A Table holding only its Caption (a page broke after it), followed by the rest of that table (the
    next Table, without a caption, wherever the page break put it): one Table."""
    def kinds(table):
        return [c.get("/S") for c in _children(table) if isinstance(c, pikepdf.Dictionary)]

    tables = _tables(root, [])
    for (alone, holder, parent), (table, _holder, _parent) in zip(tables, tables[1:]):
        if kinds(alone) == ["/Caption"] and "/Caption" not in kinds(table):
            caption = _children(alone)[0]
            caption.P = table
            table.K = pikepdf.Array([caption, *_children(table)])
            parent.K = pikepdf.Array([c for c in _children(parent) if not (
                isinstance(c, pikepdf.Dictionary) and c.objgen == holder.objgen)])


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
