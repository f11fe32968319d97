"""Coded errors a user can meet: each says what went wrong, where, and what to do."""

from __future__ import annotations

import errno as _errno
from dataclasses import dataclass
from typing import overload

# code -> (short title, what to do). Codes are stable: users quote them in reports.
CODES: dict[str, tuple[str, str]] = {
    "E001": ("file cannot be read", "check the file exists and you have read permission"),
    "E002": ("unsupported file type", "convert it to PDF, TIFF, PNG, JPEG, CSV or XLSX and import again"),
    "E003": ("damaged or truncated PDF", "get a fresh copy of the file from its source"),
    "E004": ("encrypted PDF", "import again with --password, or ask the sender for an unprotected copy"),
    "E005": ("document has no pages", "check the file with the sender; nothing to import"),
    "E006": ("page cannot be read", "the rest of the document was imported; check this page in the original"),
    "E007": ("image too large", "the image exceeds the safety limit (decompression bomb); rescan at a lower resolution"),
    "E008": ("link skipped", "the link points outside the imported folder or loops; import its target directly"),
    "E009": ("OCR failed on page", "re-run OCR later with `caselens ocr`; the page text is empty until then"),
    "E010": ("file name not valid text", "the file was imported; rename it to valid UTF-8 for readable reports"),
    "E011": ("statement row cannot be read", "the row was kept as flagged; check it against the page"),
    "E012": ("spreadsheet cannot be read", "open and re-save it as XLSX or UTF-8 CSV"),
    "E013": ("case file cannot be opened", "check the path, permissions and free disk space"),
    "E014": ("case file is damaged", "restore from a backup; `caselens verify` shows what is wrong"),
    "E015": ("source file changed since import", "the original no longer matches its recorded hash"),
    "E016": ("audit log tampered", "the hash chain is broken at the reported entry"),
    "E017": ("invalid argument", "see `caselens COMMAND --help` for the expected form"),
    "E018": ("import cancelled", "run the same import again to resume where it stopped"),
    "E019": ("statement not recognised", "no transaction table was found: check the file opens as a statement; "
             "`caselens info` lists what was found, `caselens import-transactions --columns` maps columns by hand"),
    "E020": ("statement layout read with doubt", "check the column mapping `caselens info` shows against the file "
             "before relying on its rows"),
    "E021": ("source file missing", "the case keeps its text and findings, but the page image needs the original: "
             "use Locate… in the reader (or put the file beside the case file) to point to where it is now"),
    "E022": ("disk full", "free space on the drive that holds the case (or choose a case on another drive), then run "
             "the same command again: it resumes where it stopped and nothing is lost"),
    "E023": ("input/output error", "the drive did not answer (unplugged, failing or a network share gone): reconnect "
             "it, run `caselens verify` on the case, then run the same command again to resume"),
    "E024": ("read-only location", "the case or its folder cannot be written: copy the case to a folder you may "
             "write to (or ask for write permission) and open that copy"),
    "E026": ("not a CaseLens case file", "choose a .case file made by CaseLens; this file was left untouched"),
    "E027": ("case from a newer CaseLens", "open it with the CaseLens version that wrote it, or update CaseLens; "
             "this version leaves it untouched"),
    "E028": ("PDF structure problems", "MuPDF read this page despite errors in the file; compare it with the "
             "original and ask the sender for a fresh copy if text is missing"),
    "E029": ("cluster worker refused", "the worker runs another CaseLens or model version than this workstation: "
             "install the same CaseLens on it and start `caselens cluster worker` again; the other workers go on"),
    "E030": ("cluster not reachable", "the scheduler is gone or cannot be reached: start `caselens cluster scheduler` "
             "(or run without --cluster), then run the same command again; it resumes from the case file"),
    "E031": ("cluster certificates missing or invalid", "make a set with `caselens cluster certs DIR` (needs the "
             "`cryptography` package) and pass the same --tls-dir to the scheduler, the workers and this command"),
    "E032": ("no cluster worker", "no compatible worker is connected to the scheduler: start "
             "`caselens cluster worker ADDRESS` on at least one workstation, then run the same command again"),
    "E033": ("accurate name model missing", "the fast name model was used instead; reinstall CaseLens to restore "
             "resources/models/ner_zh_accurate, or choose the fast model"),
    "E025": ("analysis rule failed", "the other rules ran and their alerts are stored; report this code with the"
                                     " rule's name, and run `caselens analyze --case C --rules <the others>` meanwhile"),
}


_FULL = ("database or disk is full", "no space left")
_IO = ("disk i/o error", "input/output error")
_READONLY = ("readonly database", "read-only file system", "permission denied")


def case_fault(exc: BaseException, path: str | None = None) -> CaseLensError | None:
    """The coded error for a fault of the workstation met while writing a case: disk full (E022), I/O error
    (E023), read-only location (E024); None for anything else (a bug, reported as such)."""
    if isinstance(exc, CaseLensError):
        return exc
    text = str(exc).lower()
    errno_ = getattr(exc, "errno", None)
    code = getattr(exc, "sqlite_errorcode", None)
    if errno_ in (_errno.ENOSPC, _errno.EDQUOT) or code == 13 or any(t in text for t in _FULL):
        return CaseLensError("E022", str(exc), path=path)
    if errno_ == _errno.EIO or (code is not None and code & 0xFF == 10) or any(t in text for t in _IO):
        return CaseLensError("E023", str(exc), path=path)
    if errno_ in (_errno.EROFS, _errno.EACCES, _errno.EPERM) or (code is not None and code & 0xFF == 8) or any(
            t in text for t in _READONLY):
        return CaseLensError("E024", str(exc), path=path)
    return None


class CaseLensError(Exception):
    """An error with a stable code, the file/page it concerns and a hint for the user."""

    def __init__(self, code: str, detail: str = "", *, path: str | None = None, page: int | None = None):
        self.code = code
        self.detail = detail
        self.path = path
        self.page = page
        super().__init__(self.message())

    @property
    def title(self) -> str:
        return CODES.get(self.code, ("error", ""))[0]

    @property
    def hint(self) -> str:
        return CODES.get(self.code, ("", "report this code to support"))[1]

    def message(self) -> str:
        where = ""
        if self.path:
            where = f" [{self.path}" + (f", page {self.page}" if self.page else "") + "]"
        detail = f": {self.detail}" if self.detail else ""
        return f"{self.code} {self.title}{where}{detail}. What to do: {self.hint}."

    def to_issue(self) -> Issue:
        return Issue(self.code, _text(self.message()), _text(self.path), self.page)


@overload
def _text(value: str) -> str: ...
@overload
def _text(value: None) -> None: ...
@overload
def _text(value: str | None) -> str | None: ...
def _text(value: str | None) -> str | None:
    """Valid text for storage and printing: bytes of a non-UTF-8 file name (surrogates) shown as \\xNN."""
    if value is None:
        return None
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


@dataclass(frozen=True)
class Issue:
    """A recorded problem with one file, page or row; the import goes on without it."""

    code: str
    message: str
    path: str | None = None
    page: int | None = None

    @staticmethod
    def of(code: str, detail: str = "", path: str | None = None, page: int | None = None) -> Issue:
        return CaseLensError(code, detail, path=path, page=page).to_issue()
