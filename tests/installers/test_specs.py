"""Installer definitions agree across platforms, bundle what the app needs, and the selftest passes from source."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"installers_{name}", ROOT / "installers" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check_specs = _load("check_specs")


def test_check_specs_repository_is_consistent():
    assert check_specs.all_problems(ROOT) == []


def test_check_iss_reports_version_and_exe_drift():
    m = check_specs.load_manifest()
    version = check_specs.app_version(m)
    text = (ROOT / "installers/windows/caselens.iss").read_text(encoding="utf-8")
    assert check_specs.check_iss(text, m, version) == []
    drifted = text.replace(f'"{version}"', '"9.9.9"').replace('"caselens.exe"', '"CaseLensCli.exe"')
    problems = check_specs.check_iss(drifted, m, version)
    assert any("AppVersion" in p for p in problems)
    assert any("AppExeName" in p for p in problems)


def test_check_mac_reports_other_app_name_and_spec():
    m = check_specs.load_manifest()
    text = (ROOT / "installers/macos/build_macos.sh").read_text(encoding="utf-8")
    assert check_specs.check_mac(text, m) == []
    drifted = text.replace("APP_NAME=CaseLens", "APP_NAME=Lens").replace("SPEC=installers/caselens.spec",
                                                                         "SPEC=installers/mac.spec")
    problems = check_specs.check_mac(drifted, m)
    assert any("APP_NAME" in p for p in problems) and any("SPEC" in p for p in problems)


def test_check_spec_reports_hard_coded_lists():
    text = (ROOT / "installers/caselens.spec").read_text(encoding="utf-8")
    assert check_specs.check_spec(text) == []
    assert any("hiddenimports" in p for p in check_specs.check_spec(text + '\nhiddenimports = ["sklearn"]\n'))


def test_check_manifest_reports_duplicates_and_excluded_imports():
    m = check_specs.load_manifest()
    m["hiddenimports"] = [*m["hiddenimports"], "cv2"]
    m["excludes"] = [*m["excludes"], "scipy"]
    m["excludes"].remove("torch")
    problems = check_specs.check_manifest(m) + check_specs.check_imports(m)
    assert any("repeats ['cv2']" in p for p in problems)
    assert any("torch must be in excludes" in p for p in problems)
    assert any("scipy is imported by the app" in p for p in problems)


def test_manifest_bundles_resources_models_and_ocr_models():
    m = check_specs.load_manifest()
    assert ["resources", "resources"] in m["datas"]
    for path in ("resources/models", "resources/samples", "resources/i18n", "resources/selftest",
                 "rapidocr/models", "rapidocr/config.yaml"):
        assert path in m["required_in_bundle"]
    assert "rapidocr" in m["collect_data"]
    assert {"spacy.lang.zh", "spacy.lang.en", "app", "nlp", "domain"} <= set(m["collect_submodules"])
    assert "devkit" in m["excludes"] and "devkit" not in m["collect_submodules"]
    import rapidocr

    package = Path(rapidocr.__file__).parent
    assert (package / "config.yaml").is_file()
    assert list((package / "models").glob("*.onnx")), "rapidocr wheel ships no models"


def test_selftest_assets_regenerate_identically_and_stay_small(tmp_path):
    sizes = _load("make_selftest_assets").write_assets(tmp_path)
    assert sum(sizes.values()) < 500_000
    for name in sizes:
        assert (tmp_path / name).read_bytes() == (ROOT / "resources/selftest" / name).read_bytes(), name


def test_entry_routes_gui_and_cli():
    entry = _load("entry")
    assert entry._wants_gui(["/opt/caselens/caselens", "gui", "x.case"])
    assert entry._wants_gui(["C:\\CaseLens\\caselens-gui.exe"])
    assert not entry._wants_gui(["/opt/caselens/caselens", "selftest"])


@pytest.mark.slow
def test_selftest_passes_from_source(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CASELENS_HOME=str(tmp_path / "home"))
    # One OCR worker keeps the suite light; the frozen build's check (installers/README.md) runs two.
    proc = subprocess.run([sys.executable, "-m", "app", "selftest", "--workers", "1"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for step in ("import", "ocr", "extract", "search", "analysis", "gui"):
        assert any(line.startswith("PASS") and f" {step} " in line for line in proc.stdout.splitlines()), step
    assert "all steps passed" in proc.stdout
