"""The beslutsunderlag in an archival form: reportlab's PDF (fonts embedded,
the edition's date in its document information) given what PDF/A-2b asks
besides: XMP metadata that matches the document information and names PDF/A-2
part B, and an sRGB output intent. pikepdf writes both; the sRGB profile comes
from Pillow's littleCMS (no file of our own). What this can check without a
PDF/A validator is tested; veraPDF, the reference validator, is not on this
machine's package registries."""

import functools
import io

import pikepdf
from PIL import ImageCms


# The ICC header's creation date (bytes 24–35): littleCMS writes the time the
# profile is made, which would make every record's bytes differ. The profile
# carries no ID (bytes 84–99 are zero), so the date may be fixed.
ICC_DATE = slice(24, 36)
FIXED_DATE = (2000).to_bytes(2, "big") + (1).to_bytes(2, "big") + (1).to_bytes(2, "big") + bytes(6)


@functools.cache
def srgb_profile():
    """An sRGB ICC profile, made by littleCMS, dated 2000-01-01 so that it is the same every time."""
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    if any(profile[84:100]):
        raise RuntimeError("The sRGB profile carries an ID, which changing its date would invalidate.")
    profile[ICC_DATE] = FIXED_DATE
    return bytes(profile)


def as_pdfa2b(content):
    """`content` (a PDF) with XMP metadata declaring PDF/A-2b and an sRGB output intent; the same input gives
    the same bytes."""
    with pikepdf.open(io.BytesIO(content)) as pdf:
        # reportlab writes /Trapped, which XMP has no field for here: the two must say the same, so it goes.
        if "/Trapped" in pdf.docinfo:
            del pdf.docinfo["/Trapped"]
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta.load_from_docinfo(pdf.docinfo)
            meta["pdfaid:part"] = "2"
            meta["pdfaid:conformance"] = "B"
        profile = pdf.make_stream(srgb_profile())
        profile.N = 3
        pdf.Root.OutputIntents = pikepdf.Array([pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFA1, OutputConditionIdentifier="sRGB IEC61966-2.1",
            Info="sRGB IEC61966-2.1", DestOutputProfile=profile)])
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()
