"""An uploaded roster while its import waits: encrypted at rest, read back only in memory, then deleted.

The file holds every resident's ID number, so it is stored as one Fernet token (core.pii's key)
under a random name ending in `.enc`, decrypted by the task worker into a stream in memory, and
deleted as soon as the import is done, refused or discarded.
"""

from __future__ import annotations

import base64
import io
import os
import time
import uuid
from typing import IO

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile

from core import pii
from registry.models import RosterImport

ENCRYPTED_SUFFIX = ".enc"

# Test only: while the file this names exists, an import waits inside its write transaction, so that
# the fault test (tests/faults) can kill the task worker mid-write. Never set in a deployment.
WRITE_GATE_ENV = "LINLI_TEST_IMPORT_WRITE_GATE"
WRITE_GATE_LONGEST = 600.0


def seal(upload: UploadedFile) -> ContentFile:
    """The upload encrypted, under a random name (the original may carry a person's or a place's name)."""
    upload.seek(0)
    # core.pii encrypts text: the bytes travel as base64 inside the token.
    token = pii.encrypt(base64.b64encode(upload.read()).decode("ascii"))
    return ContentFile(token.encode("ascii"), name=f"{uuid.uuid4().hex}.xlsx{ENCRYPTED_SUFFIX}")


def open_stored(roster_import: RosterImport) -> IO[bytes]:
    """The stored roster decrypted into memory; a file stored before encryption is read as it is."""
    with roster_import.file.open("rb") as fh:
        data = fh.read()
    if roster_import.file.name.endswith(ENCRYPTED_SUFFIX):
        data = base64.b64decode(pii.decrypt(data.decode("ascii")))
    return io.BytesIO(data)


def delete_stored(roster_import: RosterImport) -> None:
    """Delete the stored roster and forget its name; safe to call when it is already gone."""
    if roster_import.file:
        roster_import.file.delete(save=False)
    RosterImport.objects.filter(pk=roster_import.pk).exclude(file="").update(file="")


def wait_at_write_gate() -> None:
    gate = os.environ.get(WRITE_GATE_ENV)
    if not gate:
        return
    deadline = time.monotonic() + WRITE_GATE_LONGEST
    while os.path.exists(gate) and time.monotonic() < deadline:
        time.sleep(0.1)
