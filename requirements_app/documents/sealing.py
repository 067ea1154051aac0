"""A publication edition's documents stored once, sealed with a manifest
(seal.py) and signed: each signer enters their password again, and states
what the signature means. Signatures are revoked with a reason, never deleted."""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Edition, EditionDocument, EditionSignature
from ..permissions import Action, require
from ..writes import write
from . import seal
from .record_pdf import render_record_pdf
from .response_form import render_response_form
from .tender_html import render_tender_html
from .tender_pdf import render_tender_pdf
from .tender_pdf_ua import render_tender_pdf_ua

log = logging.getLogger(__name__)



def render_public_pdf(data):
    """The published tender document is tagged (PDF/UA-1); a remiss edition's is drawn by reportlab."""
    return render_tender_pdf_ua(data) if data.publication else render_tender_pdf(data)


# Each stored document: its file name in a bundle, and how it is rendered.
FILES = {
    EditionDocument.Kind.PDF: ("kravspecifikation.pdf", render_public_pdf),
    EditionDocument.Kind.HTML: ("kravspecifikation.html", render_tender_html),
    EditionDocument.Kind.RESPONSE_FORM: ("svarsmall.xlsx", render_response_form),
    EditionDocument.Kind.RECORD: ("beslutsunderlag.pdf", render_record_pdf),
}


def stored_document(edition, kind, data):
    """The edition's document of `kind`: the bytes stored when it was first
    made, or rendered from `data()` now and stored (a second request at once
    stores nothing twice)."""
    content = EditionDocument.objects.filter(edition=edition, kind=kind).values_list("content", flat=True).first()
    if content is None:
        content = FILES[kind][1](data())
        try:
            with transaction.atomic():
                EditionDocument.objects.create(edition=edition, kind=kind, content=content)
        except IntegrityError:  # stored meanwhile by another request: serve those bytes
            content = EditionDocument.objects.get(edition=edition, kind=kind).content
    return bytes(content)


def files(edition, data):
    """{file name: bytes} of the edition's four documents, as stored."""
    return {name: stored_document(edition, kind, data) for kind, (name, _render) in FILES.items()}


def seal_edition(edition, data):
    """Store the edition's documents and write its manifest (once). `data()`
    gives the edition's TenderData, whose `digest` the documents print."""
    if edition.manifest:
        return edition.manifest
    tender = data()
    about = {"procurement": edition.procurement.name, "reference": edition.procurement.reference,
             "edition": edition.label, "edition_date": edition.edition_date.isoformat(),
             "frozen_at": edition.frozen_at.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
    edition.manifest = seal.manifest(about, files(edition, lambda: tender), tender.digest)
    edition.save(update_fields=["manifest"])
    return edition.manifest


def sign(membership, edition, password, meaning):
    """Sign a sealed edition after the signer enters their password again."""
    require(membership, Action.SIGN, edition.procurement_id)
    if not edition.manifest:
        raise ValidationError(_("Only a sealed publication edition is signed."))
    if not membership.user.check_password(password):
        log.warning("signing refused: wrong password for %s on edition %s", membership.user.pk, edition.pk)
        raise ValidationError({"password": _("The password is not right. Sign again with your own password.")})
    def change(locked):
        if EditionSignature.objects.valid().filter(edition=locked, signer=membership.user).exists():
            raise ValidationError(_("You have already signed this edition."))
        return EditionSignature.objects.create(
            edition=locked, signer=membership.user, meaning=meaning, root_digest=locked.manifest["root_digest"],
            signer_name=membership.user.get_full_name() or membership.user.username,
            role=str(membership.get_role_display()))

    # A signature is an append-only record of its own: no revision of the edition.
    return write(membership, Action.SIGN, lambda: Edition.objects.select_for_update().get(pk=edition.pk), change,
                 procurement_id=edition.procurement_id, revise=False)


def check_revoke(membership, signature):
    """PermissionDenied unless `membership` may revoke `signature`: the signer themself, or the coordinator."""
    if signature.signer_id != membership.user_id:
        require(membership, Action.COORDINATE, signature.edition.procurement_id,
                message=_("Only the signer or the coordinator revokes a signature."))


def revoke(membership, signature, reason):
    """Revoke a signature with a reason (see `check_revoke`)."""
    check_revoke(membership, signature)
    if not reason.strip():
        raise ValidationError(_("Say why the signature is revoked."))

    def change(locked):
        if locked.revoked_at:
            return False
        locked.revoked_at, locked.revoked_by, locked.revoke_reason = timezone.now(), membership.user, reason.strip()
        locked.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])

    return write(membership, Action.READ, lambda: EditionSignature.objects.select_for_update().get(pk=signature.pk),
                 change, procurement_id=signature.edition.procurement_id, revise=False)


def status(edition):
    """(valid signatures, signatures required) of a publication edition."""
    return EditionSignature.objects.valid().filter(edition=edition).count(), edition.procurement.signatures_required


def bundle(edition, data):
    """The zip for the e-procurement system and the archive: the documents, the
    manifest and every signature record (revoked ones with their reason)."""
    return seal.bundle(files(edition, data), edition.manifest,
                       [signature.record() for signature in edition.signatures.order_by("signed_at", "pk")])
