"""slim_linux.py: stubbed libraries still load and fail cleanly, orphans go, debug info goes, ICU data repacks."""

from __future__ import annotations

import ctypes
import importlib.util
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("installers_slim_linux", ROOT / "installers" / "slim_linux.py")
slim = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(slim)

needs_toolchain = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not all(shutil.which(t) for t in ("gcc", "readelf", "strip")),
    reason="needs Linux with gcc, readelf and strip (the Linux build machine has them)")


def _cc(out: Path, source: str, *flags: str) -> Path:
    src = out.with_name(out.name + ".c")
    src.write_text(source, encoding="utf-8")
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(out), str(src), *flags], check=True)
    src.unlink()
    return out


def _fake_bundle(tmp_path: Path) -> Path:
    """_internal/ with a codec library (versioned, needing a helper) and an extension that calls it."""
    internal = tmp_path / "_internal"
    libs = internal / "opencv_python_headless.libs"
    libs.mkdir(parents=True)
    (internal / "cv2").mkdir()
    _cc(libs / "libhelper-1111.so.1", "int helper(void) { return 7; }\n", "-Wl,-soname,libhelper-1111.so.1")
    (tmp_path / "codec.map").write_text("LIBAVCODEC_62 { global: avcodec_open2; av_flag; local: *; };\n")
    _cc(libs / "libavcodec-2222.so.62", "int helper(void);\nint av_flag[4];\n"
        "int avcodec_open2(void *c, void *d, void *o) { return helper(); }\n",
        "-Wl,-soname,libavcodec-2222.so.62", f"-Wl,--version-script={tmp_path / 'codec.map'}",
        f"-L{libs}", "-l:libhelper-1111.so.1", "-Wl,-rpath,$ORIGIN")
    _cc(internal / "cv2" / "cv2.abi3.so", "int avcodec_open2(void *, void *, void *);\nextern int av_flag[4];\n"
        "int open_video(void) { return avcodec_open2(0, 0, 0) + av_flag[0]; }\n",
        f"-L{libs}", "-l:libavcodec-2222.so.62", "-Wl,-rpath,$ORIGIN/../opencv_python_headless.libs")
    return internal


def _open_video(internal: Path) -> str:
    """open_video() of the fake extension, in a fresh process (a loaded library keeps its soname for good)."""
    probe = "import ctypes, sys; print(ctypes.CDLL(sys.argv[1]).open_video())"
    return subprocess.run([sys.executable, "-c", probe, str(internal / "cv2" / "cv2.abi3.so")],
                          capture_output=True, text=True, check=True).stdout.strip()


@needs_toolchain
def test_stub_libraries_keep_extension_loadable_and_fail_cleanly(tmp_path):
    internal = _fake_bundle(tmp_path)
    assert _open_video(internal) == "7"
    saved = slim.stub_libraries(internal, {"opencv_python_headless.libs": ["libavcodec"]})
    codec = internal / "opencv_python_headless.libs" / "libavcodec-2222.so.62"
    assert saved > 0 and slim.is_stub(codec)
    assert not (internal / "opencv_python_headless.libs" / "libhelper-1111.so.1").exists()
    assert slim.soname(codec) == "libavcodec-2222.so.62"
    assert _open_video(internal) == "-38"  # AVERROR(ENOSYS): the caller sees a codec that will not open
    assert slim.stub_libraries(internal, {"opencv_python_headless.libs": ["libavcodec"]}) == 0  # idempotent


def test_stub_source_versions_and_return_values():
    source, script = slim.stub_source("libavformat-x.so.62", {
        "avformat_open_input": ("FUNC", 0, "LIBAVFORMAT_62"), "avformat_alloc_context": ("FUNC", 0, "LIBAVFORMAT_62"),
        "av_dict_free": ("FUNC", 0, ""), "ff_table": ("OBJECT", 24, "LIBAVFORMAT_62")})
    assert "long avformat_open_input(void) { return -38; }" in source
    assert "long avformat_alloc_context(void) { return (long)zeroed; }" in source
    assert "long av_dict_free(void) { return 0; }" in source and "char ff_table[24];" in source
    assert script.startswith("LIBAVFORMAT_62 { global:") and "av_dict_free;" in script and "local: *;" in script
    assert slim.returns("aom_codec_dec_init_ver") == "1" and slim.returns("aom_codec_av1_dx") == "0"


@needs_toolchain
def test_drop_unreferenced_keeps_needed_and_listed_libraries(tmp_path):
    internal = tmp_path / "_internal"
    internal.mkdir()
    _cc(internal / "libused.so.1", "int used(void) { return 1; }\n", "-Wl,-soname,libused.so.1")
    _cc(internal / "liborphan.so.2", "int orphan(void) { return 2; }\n", "-Wl,-soname,liborphan.so.2")
    _cc(internal / "libpython3.11.so.1.0", "int py(void) { return 3; }\n")
    (internal / "pkg").mkdir()
    _cc(internal / "pkg" / "ext.cpython-311-x86_64-linux-gnu.so", "int used(void);\nint f(void) { return used(); }\n",
        f"-L{internal}", "-l:libused.so.1")
    (internal / "liborphan.so").symlink_to("liborphan.so.2")
    assert slim.drop_unreferenced(internal, ["libpython3"]) > 0
    assert sorted(p.name for p in internal.iterdir()) == ["libpython3.11.so.1.0", "libused.so.1", "pkg"]


@needs_toolchain
def test_strip_binaries_shrinks_and_still_loads(tmp_path):
    lib = _cc(tmp_path / "libdbg.so", "static int table[64];\nint get(int i) { return table[i & 63] + i; }\n", "-g3")
    (tmp_path / "x.libs").mkdir()
    patched = _cc(tmp_path / "x.libs" / "libp.so", "int p(void) { return 4; }\n", "-g3")
    before = lib.stat().st_size + patched.stat().st_size
    saved, refused = slim.strip_binaries(tmp_path)
    assert refused == [] and saved > 0 and lib.stat().st_size + patched.stat().st_size == before - saved
    assert ".debug_" not in slim.readelf("-S", str(lib)) + slim.readelf("-S", str(patched))
    assert " .symtab " not in slim.readelf("-S", str(lib))
    assert " .symtab " in slim.readelf("-S", str(patched))  # auditwheel's folders: debug info only
    assert ctypes.CDLL(str(lib)).get(5) == 5 and ctypes.CDLL(str(patched)).p() == 4


def test_link_duplicates_makes_relative_symlinks(tmp_path):
    blob = bytes(range(256)) * 512
    (tmp_path / "a.libs").mkdir()
    (tmp_path / "b.libs").mkdir()
    (tmp_path / "a.libs" / "libg.so").write_bytes(blob)
    (tmp_path / "b.libs" / "libg.so").write_bytes(blob)
    (tmp_path / "b.libs" / "small").write_bytes(b"x")
    assert slim.link_duplicates(tmp_path) == len(blob)
    copy = tmp_path / "b.libs" / "libg.so"
    assert copy.is_symlink() and copy.readlink() == Path("../a.libs/libg.so") and copy.read_bytes() == blob


def _package(items: dict[str, bytes]) -> bytes:
    header = struct.pack("<H", 32) + b"\0" * 30
    return slim.icu_pack(header, list(items.items()))


def test_icu_pack_round_trips_and_keeps_only_listed_locales():
    items = {f"icudt73l/{name}": bytes([i]) * (i * 7 + 1) for i, name in enumerate(
        ["root.res", "zh.res", "zh_Hant_TW.res", "en_GB.res", "de.res", "de_.res", "coll/ja.res", "coll/zh.res",
         "cnvalias.icu", "gb18030.cnv", "supplementalData.res", "translit/root.res", "translit/el_Latn.res",
         "brkitr/cjdict.dict", "brkitr/de.res"])}
    header, parsed = slim.icu_items(_package(items))
    assert header == 32 and [name for name, _ in parsed] == sorted(items)
    for name, blob in parsed:  # each item comes back, padded with zeros to 16 bytes
        assert blob[:len(items[name])] == items[name] and set(blob[len(items[name]):]) <= {0}
        assert len(blob) - len(items[name]) < 16
    kept = sorted(n.split("/", 1)[1] for n in items if slim.icu_keeps(n, ["en", "zh"]))
    assert kept == ["brkitr/cjdict.dict", "cnvalias.icu", "coll/zh.res", "en_GB.res", "gb18030.cnv", "root.res",
                    "supplementalData.res", "translit/root.res", "zh.res", "zh_Hant_TW.res"]
    offsets = [struct.unpack_from("<II", _package(items), 32 + 4 + 8 * i)[1] for i in range(len(items))]
    assert all(o % 16 == 0 for o in offsets)
