"""Check that the Linux, Windows and macOS installer definitions describe the same app (and a built one, if asked).

Usage: python installers/check_specs.py [--dist dist/caselens]. Exit 1 and one line per problem when they drift.
All platforms build from installers/caselens.spec, which reads installers/manifest.json; this checks that the spec
takes every list from the manifest, that the Inno Setup script and the macOS build script use the same names and
version, that no list repeats or contradicts itself, and that nothing the app imports is excluded.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "installers" / "manifest.json"
SPEC = ROOT / "installers" / "caselens.spec"
ISS = ROOT / "installers" / "windows" / "caselens.iss"
MAC_SCRIPT = ROOT / "installers" / "macos" / "build_macos.sh"
LINUX_SCRIPT = ROOT / "installers" / "build_linux.sh"
LIST_KEYS = ("datas_exclude", "collect_data", "collect_submodules", "hiddenimports", "excludes", "qt_modules",
             "qt_translations", "qt_plugins_exclude", "required_in_bundle", "copy_metadata",
             "binaries_exclude", "bundle_data_exclude", "linux_keep_unreferenced")
REQUIRED_KEYS = ("app_name", "package", "version_from", "entry", "executable", "gui_executable", "datas",
                 "linux_stub_libraries", *LIST_KEYS)
# Modules the spec must never ship, whatever pulls them in.
NEVER_BUNDLED = ("torch", "tkinter", "matplotlib")


def load_manifest(path: Path = MANIFEST) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def app_version(manifest: dict, root: Path = ROOT) -> str:
    text = (root / manifest["version_from"]).read_text(encoding="utf-8")
    found = re.search(r'__version__ = "([^"]+)"', text)
    return found.group(1) if found else ""


def check_manifest(m: dict, root: Path = ROOT) -> list[str]:
    problems = [f"manifest: missing key {k}" for k in REQUIRED_KEYS if k not in m]
    if problems:
        return problems
    for key in LIST_KEYS:
        dupes = sorted({x for x in m[key] if m[key].count(x) > 1})
        if dupes:
            problems.append(f"manifest: {key} repeats {dupes}")
    dev_only = {p.removesuffix(".py").replace("/", ".") for p in m.get("dev_only_sources", ())}
    problems += [f"manifest: dev-only source {p} is not excluded" for p in sorted(dev_only - set(m["excludes"]))]
    both = set(m["hiddenimports"]) & set(m["excludes"])
    both |= {s for s in m["collect_submodules"] if s in m["excludes"]}
    if both:
        problems.append(f"manifest: both imported and excluded: {sorted(both)}")
    for name in NEVER_BUNDLED:
        if name not in m["excludes"]:
            problems.append(f"manifest: {name} must be in excludes")
    if not (root / m["entry"]).is_file():
        problems.append(f"manifest: entry {m['entry']} does not exist")
    for src, _dest in m["datas"]:
        if not (root / src).exists():
            problems.append(f"manifest: datas source {src} does not exist")
    for path in m["required_in_bundle"]:
        if path.startswith("resources/") and not (root / path).exists():
            problems.append(f"manifest: required resource {path} does not exist")
    pyproject = (root / "pyproject.toml").read_text(encoding="utf-8")
    found = re.search(r'^version = "([^"]+)"', pyproject, re.M)
    if not found or found.group(1) != app_version(m, root):
        problems.append(f"version: pyproject.toml {found and found.group(1)} != {m['version_from']} "
                        f"{app_version(m, root)}")
    return problems


def imported_modules(root: Path = ROOT, skip: tuple[str, ...] = ()) -> set[str]:
    """Every module name imported anywhere in app/, nlp/ and domain/ (top level and dotted), except in skipped files."""
    names: set[str] = set()
    for package in ("app", "nlp", "domain"):
        for path in (root / package).rglob("*.py"):
            if path.relative_to(root).as_posix() in skip:
                continue
            try:
                tree = ast.parse(path.read_text(encoding="utf-8"))
            except (SyntaxError, UnicodeDecodeError):
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names.update(a.name for a in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names.add(node.module)
    return names


def check_imports(m: dict, root: Path = ROOT) -> list[str]:
    """Nothing the code imports is excluded; the Qt modules the UI imports are exactly the manifest's."""
    used = imported_modules(root, tuple(m.get("dev_only_sources", ())))
    problems = []
    for excluded in m["excludes"]:
        hit = sorted(u for u in used if u == excluded or u.startswith(excluded + "."))
        if hit:
            problems.append(f"excludes: {excluded} is imported by the app ({hit[0]})")
    qt_used = {u.split(".")[1] for u in used if u.startswith("PySide6.")}
    if qt_used != set(m["qt_modules"]):
        problems.append(f"qt_modules {sorted(m['qt_modules'])} != PySide6 modules imported {sorted(qt_used)}")
    return problems


def check_spec(text: str) -> list[str]:
    """The spec reads the manifest for every list and hard-codes none of them."""
    problems = []
    if "manifest.json" not in text:
        problems.append("spec: does not read manifest.json")
    for key in ("entry", "hiddenimports", "excludes", "datas", "collect_data", "collect_submodules",
                "copy_metadata", "qt_translations", "qt_plugins_exclude", "binaries_exclude", "bundle_data_exclude",
                "executable",
                "gui_executable", "app_name", "package"):
        if f'MANIFEST["{key}"]' not in text and f"MANIFEST['{key}']" not in text:
            problems.append(f"spec: does not take {key} from the manifest")
    for arg in ("hiddenimports", "excludes", "datas"):
        if re.search(rf"\b{arg}\s*=\s*\[\s*['\"]", text):
            problems.append(f"spec: hard-codes a {arg} list")
    return problems


def _define(text: str, name: str) -> str | None:
    found = re.search(rf'#define\s+{name}\s+"([^"]*)"', text)
    return found.group(1) if found else None


def check_iss(text: str, m: dict, version: str) -> list[str]:
    want = {"AppName": m["app_name"], "AppPackage": m["package"], "AppVersion": version,
            "AppExeName": m["executable"] + ".exe", "AppGuiExeName": m["gui_executable"] + ".exe"}
    problems = [f"iss: #define {k} is {_define(text, k)!r}, manifest says {v!r}"
                for k, v in want.items() if _define(text, k) != v]
    if "dist\\{#AppPackage}\\*" not in text:
        problems.append("iss: [Files] does not take the PyInstaller folder dist\\{#AppPackage}\\*")
    return problems


def _shell_var(text: str, name: str) -> str | None:
    found = re.search(rf"^{name}=(\S+)", text, re.M)
    return found.group(1).strip("\"'") if found else None


def check_mac(text: str, m: dict) -> list[str]:
    problems = []
    for var, want in (("APP_NAME", m["app_name"]), ("PACKAGE", m["package"]), ("SPEC", "installers/caselens.spec")):
        if _shell_var(text, var) != want:
            problems.append(f"macos: {var} is {_shell_var(text, var)!r}, expected {want!r}")
    if m["version_from"] not in text:
        problems.append(f"macos: version not read from {m['version_from']}")
    if "hdiutil create" not in text:
        problems.append("macos: no hdiutil create step")
    return problems


def check_linux(text: str) -> list[str]:
    problems = []
    if "installers/caselens.spec" not in text or "installers/manifest.json" not in text:
        problems.append("linux: build_linux.sh must build installers/caselens.spec and read installers/manifest.json")
    if "installers/slim_linux.py" not in text:
        problems.append("linux: build_linux.sh must run installers/slim_linux.py on the built folder")
    return problems


def check_dist(m: dict, dist: Path) -> list[str]:
    """A built one-folder app holds every required path and none of the never-bundled modules."""
    internal = dist / "_internal" if (dist / "_internal").is_dir() else dist
    problems = [f"dist: {p} missing in {internal}" for p in m["required_in_bundle"] if not (internal / p).exists()]
    problems += [f"dist: {name} was bundled" for name in (*NEVER_BUNDLED, "jieba") if (internal / name).exists()]
    problems += [f"dist: excluded binary {p.relative_to(internal)} was bundled" for p in internal.rglob("*")
                 if any(part in p.name for part in m["binaries_exclude"])]
    return problems


def all_problems(root: Path = ROOT, dist: Path | None = None) -> list[str]:
    m = load_manifest(root / "installers" / "manifest.json")
    problems = check_manifest(m, root)
    if problems:
        return problems
    version = app_version(m, root)
    problems += check_imports(m, root)
    problems += check_spec((root / "installers" / "caselens.spec").read_text(encoding="utf-8"))
    problems += check_iss((root / "installers" / "windows" / "caselens.iss").read_text(encoding="utf-8"), m, version)
    problems += check_mac((root / "installers" / "macos" / "build_macos.sh").read_text(encoding="utf-8"), m)
    problems += check_linux((root / "installers" / "build_linux.sh").read_text(encoding="utf-8"))
    if dist is not None:
        problems += check_dist(m, dist)
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, help="also check a built one-folder app, e.g. dist/caselens")
    args = parser.parse_args()
    problems = all_problems(ROOT, args.dist)
    for line in problems:
        print(f"check_specs: {line}", file=sys.stderr)
    if not problems:
        print("check_specs: Linux spec, Windows .iss and macOS script agree with installers/manifest.json")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
