"""Sealing an edition's files so that anyone can check them outside the
workbench: a manifest of every file's SHA-256, the content digest the
documents print, and a root digest over the manifest. Pure: imports no models
and needs no database, so `manage.py verify_edition` runs on a bundle alone.

The manifest keeps room for cryptographic seals: a later CAdES seal with an
RFC 3161 timestamp (pyHanko) signs the root digest and is listed under
"seals", without changing anything else in it."""

import hashlib
import io
import json
import zipfile
from pathlib import Path

FORMAT = "gotawebb-edition-manifest/1"
MANIFEST = "manifest.json"
SIGNATURES = "signatures.json"


def canonical(data):
    """`data` as canonical JSON bytes: sorted keys, no spaces, UTF-8."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def sha256(content):
    return hashlib.sha256(content).hexdigest()


def manifest(about, files, content_digest):
    """The manifest of `files` ({name: bytes}), with its root digest: the
    SHA-256 of the canonical manifest without the root digest itself."""
    body = {
        "format": FORMAT,
        **about,
        "content_digest": content_digest,
        "files": [{"name": name, "sha256": sha256(content), "bytes": len(content)}
                  for name, content in sorted(files.items())],
        "seals": [],
    }
    return {**body, "root_digest": sha256(canonical(body))}


def read(path):
    """{name: bytes} of a folder or a zip of an edition's files."""
    path = Path(path)
    if path.is_dir():
        return {item.name: item.read_bytes() for item in sorted(path.iterdir()) if item.is_file()}
    with zipfile.ZipFile(path) as archive:
        return {Path(info.filename).name: archive.read(info) for info in archive.infolist() if not info.is_dir()}


def verify(files):
    """[(name, holds, what)] for every file the manifest in `files` lists, for
    the manifest itself, and for any file it does not list. All hold only when
    nothing was changed, renamed, removed or added."""
    if MANIFEST not in files:
        return [(MANIFEST, False, "missing: there is no manifest to check against")]
    try:
        stated = json.loads(files[MANIFEST])
        body = {key: value for key, value in stated.items() if key != "root_digest"}
        listed = {entry["name"]: entry for entry in stated["files"]}
    except (ValueError, KeyError, TypeError):
        return [(MANIFEST, False, "unreadable")]
    results = [(MANIFEST, sha256(canonical(body)) == stated.get("root_digest"),
                "root digest " + ("holds" if sha256(canonical(body)) == stated.get("root_digest") else "differs"))]
    for name, entry in sorted(listed.items()):
        if name not in files:
            results.append((name, False, "missing"))
        elif sha256(files[name]) != entry["sha256"]:
            results.append((name, False, "changed: its SHA-256 differs from the manifest's"))
        else:
            results.append((name, True, "holds"))
    for name in sorted(set(files) - set(listed) - {MANIFEST, SIGNATURES}):
        results.append((name, False, "not in the manifest"))
    return results


def bundle(files, manifest_data, signatures):
    """One zip of the files, the manifest and the signature records."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in sorted(files.items()):
            archive.writestr(name, content)
        archive.writestr(MANIFEST, json.dumps(manifest_data, ensure_ascii=False, indent=2, sort_keys=True))
        archive.writestr(SIGNATURES, json.dumps(signatures, ensure_ascii=False, indent=2))
    return buffer.getvalue()
