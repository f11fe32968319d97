"""`./dev demo`: import the bundled sample dossier and show what CaseLens found; open the GUI if there is a display."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.core.paths import resources_dir


def _most_mentioned_person(case: Path) -> str | None:
    from app.services.resolve import list_entities

    people = [e for e in list_entities(case, "person") if 2 <= len(e["name"]) <= 4]
    people.sort(key=lambda e: -len(e["mentions"]))
    return people[0]["name"] if people else None


def _head(cli, argv: list[str], lines: int) -> None:
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        cli(argv)
    print("\n".join(buf.getvalue().splitlines()[:lines]))


def main(argv: list[str] | None = None) -> int:
    from app.cli.main import main as cli

    samples = resources_dir() / "samples"
    inputs = sorted(p for p in samples.glob("*") if p.suffix.lower() in {".pdf", ".csv", ".xlsx", ".tif", ".png"})
    if not inputs:
        print(f"no sample dossier in {samples}", file=sys.stderr)
        return 1
    out = Path("build/demo")
    out.mkdir(parents=True, exist_ok=True)
    case = out / "sample.case"
    print(f"== importing {len(inputs)} sample file(s) into {case}")
    rc = cli(["import", *map(str, inputs), "--case", str(case)])
    print("\n== case summary")
    cli(["info", "--case", str(case)])
    name = _most_mentioned_person(case)
    if name:
        print(f"\n== search: {name} (the person mentioned most)")
        cli(["search", name, "--case", str(case), "--limit", "5"])
    print("\n== caselens entities --kind person (first 15 lines)")
    _head(cli, ["entities", "--case", str(case), "--kind", "person"], 15)
    print("\n== caselens analyze")
    cli(["analyze", "--case", str(case), "--format", "table"])
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or sys.platform in ("win32", "darwin"):
        if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
            print("\n== opening the main window")
            from app.cli.commands.gui import gui_command

            subprocess.call(gui_command(str(case)))
    return 0 if rc in (0, 1) else rc


if __name__ == "__main__":
    raise SystemExit(main())
