import io

from app.cli.progressbar import TerminalProgress
from app.core.progress import Progress


def _line(p: Progress) -> str:
    out = io.StringIO()
    TerminalProgress(stream=out, min_interval=0)(p)
    return out.getvalue()


def test_progressbar_shows_files_when_the_stage_counts_files():
    line = _line(Progress(stage="import", done=1300, total=1300, files_done=1, files_total=1))
    assert "files 1/1" in line and "pages 1300/1300" in line


def test_progressbar_hides_files_for_page_only_stages():
    line = _line(Progress(stage="ocr", done=1300, total=1300))
    assert "files" not in line and "pages 1300/1300" in line
