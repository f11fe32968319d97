"""Slim the Linux one-folder build: stub the video libraries nothing calls, drop orphans, strip debug, link duplicates.

Usage: python installers/slim_linux.py dist/caselens   (build_linux.sh runs it after PyInstaller)
Each step reads its lists from installers/manifest.json and prints the MiB it saved.
- Stubs: cv2.abi3.so links FFmpeg and libavif (its VideoCapture/VideoWriter and AVIF codec) although CaseLens only
  warps, rotates and converts images. Each listed library is replaced by a tiny library of the same SONAME that
  defines the symbols the bundle imports from it (video entry points fail with ENOSYS, everything else returns 0),
  and the libraries only they needed (aom, vpx, swresample, drm, OpenSSL 1.1) are dropped.
- Orphans: libraries that nothing bundled needs once the spec has filtered Qt plugins out (GTK, cairo, Kerberos).
- Strip: symbol tables and debug info, but debug info only from files auditwheel patched (PyInstaller's full strip
  broke numpy.libs' OpenBLAS: "ELF load command address/offset not page-aligned"); a stripped file is kept only when
  the dynamic loader still maps it.
- Duplicates: byte-identical files (the same libgfortran in numpy.libs and scipy.libs) become relative symlinks.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "installers" / "manifest.json"
LOADER = "/lib64/ld-linux-x86-64.so.2"
STUB_MARK = "caselens-stub"
# What a stub function returns; anything not named returns 0. Video entry points fail with AVERROR(ENOSYS), so
# VideoCapture/VideoWriter report "not opened"; allocators the caller writes to before it reaches such an entry point
# return a zeroed block (bss). libavif stays (imread probes every image with it) but its AV1 codec libaom is a stub
# whose calls fail (1: AOM_CODEC_ERROR), so reading or writing .avif raises cv2.error instead of crashing.
FAILING = ("avformat_open_input", "avformat_alloc_output_context2", "avformat_find_stream_info", "avformat_write_header",
           "avcodec_open2", "av_read_frame", "avio_open", "av_hwdevice_ctx_create", "avcodec_send_packet",
           "avcodec_receive_frame", "avcodec_send_frame", "avcodec_receive_packet")
ZEROED = ("avformat_alloc_context", "avcodec_alloc_context3", "av_frame_alloc", "av_packet_alloc")
MESSAGE = ("av_get_pix_fmt_name", "av_color_space_name", "av_color_range_name", "av_color_primaries_name",
           "av_color_transfer_name", "av_hwdevice_get_type_name", "aom_codec_err_to_string", "aom_codec_error",
           "aom_codec_error_detail", "aom_codec_version_str")
NULL = ("aom_codec_av1_cx", "aom_codec_av1_dx", "aom_codec_get_frame", "aom_codec_get_cx_data", "aom_img_alloc")


def returns(name: str) -> str:
    if name in ZEROED:
        return "(long)zeroed"
    if name in MESSAGE:
        return "(long)mark"
    if name in FAILING:
        return "-38"
    return "1" if name.startswith("aom_") and name not in NULL else "0"


_SYM = re.compile(r"^\s*\d+:\s+[0-9a-f]+\s+(0x[0-9a-f]+|\d+)\s+(\w+)\s+(\w+)\s+\w+\s+(\w+)\s+(\S+)")


def log(msg: str) -> None:
    print(f"slim: {msg}", file=sys.stderr)


def mib(n: int) -> str:
    return f"{n / 2**20:.1f} MiB"


def is_elf(path: Path) -> bool:
    if path.is_symlink() or not path.is_file():
        return False
    with path.open("rb") as fh:
        return fh.read(4) == b"\x7fELF"


def elf_files(internal: Path) -> list[Path]:
    return sorted(p for p in internal.rglob("*") if is_elf(p))


def readelf(*args: str) -> str:
    return subprocess.run(["readelf", "-W", *args], capture_output=True, text=True, check=False).stdout


def soname(path: Path) -> str:
    found = re.search(r"\(SONAME\)\s+Library soname: \[([^\]]+)\]", readelf("-d", str(path)))
    return found.group(1) if found else path.name


def needed(path: Path) -> list[str]:
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", readelf("-d", str(path)))


def dyn_symbols(path: Path) -> tuple[dict[str, tuple[str, int, str]], set[str]]:
    """({name: (type, size, version)} defined, {name} undefined) from the dynamic symbol table."""
    defined: dict[str, tuple[str, int, str]] = {}
    undefined: set[str] = set()
    for line in readelf("--dyn-syms", str(path)).splitlines():
        m = _SYM.match(line)
        if not m or m.group(3) == "LOCAL":
            continue
        size, kind, ndx, full = int(m.group(1), 0), m.group(2), m.group(4), m.group(5)
        name, _, version = full.partition("@")
        if ndx == "UND":
            undefined.add(name)
        elif not version.startswith("@") and version:
            continue  # an old, non-default version: nothing new links against it
        else:
            defined[name] = (kind, size, version.lstrip("@"))
    return defined, undefined


def stub_source(lib: str, symbols: dict[str, tuple[str, int, str]]) -> tuple[str, str]:
    """C source and linker version script of a stub defining `symbols`."""
    lines = [f"/* {STUB_MARK}: {lib} is not bundled (CaseLens decodes no video and no AVIF). */",
             f'__attribute__((used)) static const char mark[] = "{STUB_MARK} {lib}";',
             "static char zeroed[1 << 20] __attribute__((aligned(64)));"]
    for name, (kind, size, _version) in sorted(symbols.items()):
        if kind == "OBJECT" or kind == "TLS":
            lines.append(f"char {name}[{max(size, 1)}];")
        else:
            lines.append(f"long {name}(void) {{ return {returns(name)}; }}")
    versions: dict[str, list[str]] = {}
    for name, (_kind, _size, version) in symbols.items():
        versions.setdefault(version, []).append(name)
    if "" in versions and len(versions) > 1:  # unversioned references bind to a default version too
        fallback = next(v for v in sorted(versions) if v)
        versions[fallback].extend(versions.pop(""))
    nodes = [f"{v} {{ global: {' '.join(f'{n};' for n in sorted(names))}" for v, names in sorted(versions.items())]
    script = "".join(f"{node} }};\n" for node in nodes[:-1]) + f"{nodes[-1]} local: *; }};\n" if nodes else "{ local: *; };\n"
    return "\n".join(lines) + "\n", script


def build_stub(lib: Path, symbols: dict[str, tuple[str, int, str]], work: Path) -> Path:
    source, script = stub_source(lib.name, symbols)
    (work / "stub.c").write_text(source, encoding="utf-8")
    (work / "stub.map").write_text(script, encoding="utf-8")
    out = work / lib.name
    subprocess.run(["gcc", "-shared", "-fPIC", "-O1", "-nostdlib", "-s", f"-Wl,-soname,{soname(lib)}",
                    f"-Wl,--version-script={work / 'stub.map'}", "-o", str(out), str(work / "stub.c")], check=True)
    return out


def replace(new: Path, old: Path) -> None:
    """Put `new` in place of `old` as a new file (never rewrite a library some process may have mapped)."""
    staged = old.with_name(old.name + ".slim")
    shutil.copyfile(new, staged)
    shutil.copymode(old, staged)
    staged.replace(old)


def is_stub(path: Path) -> bool:
    return STUB_MARK.encode() in path.read_bytes()


def stub_libraries(internal: Path, folders: dict[str, list[str]]) -> int:
    """Replace the manifest's libraries by stubs; drop what only they needed. Returns bytes saved."""
    before = folder_size(internal)
    elves = elf_files(internal)
    targets = [p for p in elves for folder, prefixes in folders.items()
               if p.parent.name == folder and any(p.name.startswith(x + "-") for x in prefixes) and not is_stub(p)]
    if not targets:
        log("stubs: nothing to stub (already done, or the libraries are absent)")
        return 0
    if shutil.which("gcc") is None:
        log("stubs: gcc not found; libraries kept")
        return 0
    orphans = dependencies(elves, targets)
    users = [p for p in elves if p not in targets and p not in orphans]
    imported: set[str] = set()
    for user in users:
        imported |= dyn_symbols(user)[1]
    with tempfile.TemporaryDirectory() as tmp:
        for target in targets:
            defined = dyn_symbols(target)[0]
            wanted = {n: defined[n] for n in imported if n in defined}
            stub = build_stub(target, wanted, Path(tmp))
            replace(stub, target)
            log(f"stubs: {target.relative_to(internal)} -> {len(wanted)} symbols, {stub.stat().st_size} bytes")
    drop_orphans(internal, orphans, users + targets)
    return before - folder_size(internal)


def dependencies(elves: list[Path], targets: list[Path]) -> set[Path]:
    """The bundled libraries the targets need, directly or not (candidates to drop once the targets are replaced)."""
    by_soname = {soname(p): p for p in elves}
    found: set[Path] = set()
    todo = [n for t in targets for n in needed(t)]
    while todo:
        dep = by_soname.get(todo.pop())
        if dep is not None and dep not in found and dep not in targets:
            found.add(dep)
            todo += needed(dep)
    return found


def drop_orphans(internal: Path, candidates: set[Path], others: list[Path]) -> None:
    """Delete the candidates that none of `others` (the replaced libraries included) needs any more."""
    still = {n for p in others if p.exists() for n in needed(p)}
    for dep in sorted(candidates):
        if soname(dep) not in still:
            dep.unlink()
            log(f"dropped {dep.relative_to(internal)} (only the replaced libraries needed it)")
    drop_dangling_links(internal)


def redirect_libraries(internal: Path, redirects: list[dict[str, str]]) -> int:
    """Replace a library by trampolines into another bundled library that exports the same functions under a
    prefix (OpenCV's OpenBLAS -> SciPy's, whose symbols are scipy_<name>: one OpenBLAS instead of two).
    Kept as it is when the other library lacks any symbol the bundle imports. Returns bytes saved."""
    before = folder_size(internal)
    for r in redirects:
        elves = elf_files(internal)
        source = next((p for p in elves if str(p.relative_to(internal)).startswith(r["from"]) and not is_stub(p)), None)
        target = next((p for p in elves if str(p.relative_to(internal)).startswith(r["to"])), None)
        if source is None or target is None or shutil.which("gcc") is None:
            log(f"redirect: {r['from']} -> {r['to']}: nothing to do")
            continue
        orphans = dependencies(elves, [source])
        users = [p for p in elves if p != source and p not in orphans]
        imported: set[str] = set().union(*(dyn_symbols(u)[1] for u in users))
        wanted = sorted(n for n in dyn_symbols(source)[0] if n in imported)
        offered = dyn_symbols(target)[0]
        missing = [n for n in wanted if r["prefix"] + n not in offered]
        if missing:
            log(f"redirect: {target.name} lacks {missing[:5]}; {source.name} kept")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            asm = [f"# {STUB_MARK}: {source.name} -> {target.name}", "    .text"]
            for name in wanted:
                asm += [f"    .globl {name}", f"    .type {name}, @function", f"{name}:",
                        f"    jmp {r['prefix']}{name}@PLT"]
            asm += ["    .section .rodata", f'    .ascii "{STUB_MARK} {source.name} -> {target.name}"',
                    '    .section .note.GNU-stack,"",@progbits', ""]
            (Path(tmp) / "shim.S").write_text("\n".join(asm), encoding="ascii")
            out = Path(tmp) / source.name
            rpath = "$ORIGIN/" + os.path.relpath(target.parent, source.parent)
            subprocess.run(["gcc", "-shared", "-nostdlib", "-s", f"-Wl,-soname,{soname(source)}", "-o", str(out),
                            str(Path(tmp) / "shim.S"), f"-L{target.parent}", f"-l:{target.name}",
                            f"-Wl,-rpath,{rpath}"], check=True)
            replace(out, source)
        log(f"redirect: {source.relative_to(internal)} -> {len(wanted)} trampolines into {target.name}")
        drop_orphans(internal, orphans, users + [source])
    return before - folder_size(internal)


def drop_dangling_links(internal: Path) -> None:
    for p in internal.rglob("*"):
        if p.is_symlink() and not p.exists():
            p.unlink()


def drop_unreferenced(internal: Path, keep: list[str]) -> int:
    """Drop shared libraries that no bundled file needs any more (the GTK/cairo/Kerberos chain of the Qt plugins
    the spec filtered out), repeatedly; only plain libraries at the top or in PySide6/Qt/lib, never a Python
    extension or a name in `keep` (libpython is loaded by the bootloader). Returns bytes saved."""
    elves = elf_files(internal)
    wants = {p: set(needed(p)) for p in elves}
    names = {p: soname(p) for p in elves}
    candidates = [p for p in elves if p.parent in (internal, internal / "PySide6" / "Qt" / "lib")
                  and ".so" in p.name and ".cpython-" not in p.name and not p.name.endswith(".abi3.so")
                  and not any(p.name.startswith(k) for k in keep)]
    alive, saved = set(elves), 0
    while True:
        used = set().union(*(wants[p] for p in alive))
        gone = [p for p in candidates if p in alive and names[p] not in used]
        if not gone:
            break
        for p in gone:
            alive.discard(p)
            saved += p.stat().st_size
            p.unlink()
            log(f"unreferenced: dropped {p.relative_to(internal)}")
    drop_dangling_links(internal)
    return saved


def icu_items(data: bytes) -> tuple[int, list[tuple[str, bytes]]]:
    """(header size, [(item name, item bytes)]) of an ICU common data package (CmnD: header, table of contents)."""
    header = struct.unpack_from("<H", data, 0)[0]
    toc = data[header:]
    count = struct.unpack_from("<I", toc, 0)[0]
    entries = [struct.unpack_from("<II", toc, 4 + 8 * i) for i in range(count)]
    ends = sorted(offset for _, offset in entries) + [len(toc)]
    items = []
    for name_at, offset in entries:
        name = toc[name_at:toc.index(b"\0", name_at)].decode("ascii")
        items.append((name, toc[offset:ends[ends.index(offset) + 1]]))
    return header, items


def icu_pack(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """The common data package of `items` (names sorted, as ICU's binary search needs; data 16-byte aligned)."""
    items = sorted(items, key=lambda item: item[0].encode("ascii"))
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in items)
    at = 4 + 8 * len(items) + len(names)
    at += -at % 16
    entries, blobs, name_at = [], [], 4 + 8 * len(items)
    for name, blob in items:
        entries.append(struct.pack("<II", name_at, at))
        name_at += len(name) + 1
        blobs.append(blob + b"\0" * (-len(blob) % 16))
        at += len(blobs[-1])
    toc = struct.pack("<I", len(items)) + b"".join(entries) + names
    return header + toc + b"\0" * (-len(toc) % 16) + b"".join(blobs)


def icu_keeps(name: str, locales: list[str]) -> bool:
    """Locale data (<tree>/<locale>.res) only for the listed languages and root; transliteration rules not at all."""
    path = name.split("/", 1)[1]
    base = path.rsplit("/", 1)[-1]
    if path.startswith("translit/"):
        return base in ("root.res", "res_index.res", "pool.res")
    locale = base.removesuffix(".res")
    if base == locale or not re.fullmatch(r"[a-z]{2,3}(_[A-Za-z0-9]*)*", locale):
        return True
    return locale == "root" or any(locale == k or locale.startswith(k + "_") for k in locales)


def subset_icu(internal: Path, locales: list[str]) -> int:
    """Rebuild Qt's libicudata with only the listed languages' locale data. Returns bytes saved."""
    libs = [p for p in (internal / "PySide6" / "Qt" / "lib").glob("libicudata.so.*") if is_elf(p)]
    if not libs or shutil.which("gcc") is None or is_stub(libs[0]):
        log("icu: nothing to do (no libicudata, no gcc, or already subset)")
        return 0
    lib = libs[0]
    defined = dyn_symbols(lib)[0]
    symbol = next(n for n in defined if re.fullmatch(r"icudt\d+_dat", n))
    section = re.search(r"\.rodata\s+PROGBITS\s+([0-9a-f]+)\s+([0-9a-f]+)", readelf("-S", str(lib)))
    value = re.search(rf"^\s*\d+:\s+([0-9a-f]+)\s+(\S+)\s+OBJECT.*\s{symbol}$", readelf("--dyn-syms", str(lib)), re.M)
    start = int(value.group(1), 16) - int(section.group(1), 16) + int(section.group(2), 16)
    data = lib.read_bytes()[start:start + int(value.group(2), 0)]
    header, items = icu_items(data)
    kept = [(n, b) for n, b in items if icu_keeps(n, locales)]
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "icu.dat").write_bytes(icu_pack(data[:header], kept))
        (Path(tmp) / "icu.S").write_text(
            f'    .section .rodata\n    .globl {symbol}\n    .type {symbol}, @object\n    .balign 16\n{symbol}:\n'
            f'    .incbin "{Path(tmp) / "icu.dat"}"\n    .size {symbol}, .-{symbol}\n'
            f'    .ascii "{STUB_MARK} {lib.name}: locales {" ".join(["root", *locales])}"\n'
            '    .section .note.GNU-stack,"",@progbits\n', encoding="ascii")
        out = Path(tmp) / lib.name
        subprocess.run(["gcc", "-shared", "-nostdlib", "-s", f"-Wl,-soname,{soname(lib)}", "-o", str(out),
                        str(Path(tmp) / "icu.S")], check=True)
        saved = lib.stat().st_size - out.stat().st_size
        replace(out, lib)
    log(f"icu: {lib.name} keeps {len(kept)} of {len(items)} items")
    return saved


def maps(path: Path, env: dict[str, str]) -> bool:
    """The dynamic loader maps the file and finds its libraries (what a wrongly stripped file fails)."""
    proc = subprocess.run([LOADER, "--list", str(path)], capture_output=True, text=True, env=env, check=False)
    return proc.returncode == 0 and "not found" not in proc.stdout


def patched_by_auditwheel(path: Path) -> bool:
    """In a wheel's <name>.libs folder, or with a run path into one: patchelf rewrote it (see strip_binaries)."""
    dynamic = readelf("-d", str(path))
    return path.parent.name.endswith(".libs") or bool(re.search(r"\((?:RPATH|RUNPATH)\).*\.libs", dynamic))


def strip_binaries(internal: Path) -> tuple[int, list[str]]:
    """Strip every ELF file: the symbol table too (--strip-unneeded) unless auditwheel patched it, debug info only
    (--strip-debug) where it did. A stripped file replaces the original only when the loader still maps it.
    Returns bytes saved and the files kept unstripped."""
    env = dict(os.environ, LD_LIBRARY_PATH=str(internal))
    saved, refused = 0, []
    for path in elf_files(internal):
        sections = readelf("-S", str(path))
        patched = patched_by_auditwheel(path)
        if ".debug_" not in sections and (patched or " .symtab " not in sections):
            continue
        trial = path.with_name(path.name + ".slim")
        mode = "--strip-debug" if patched else "--strip-unneeded"
        subprocess.run(["strip", mode, "-o", str(trial), str(path)], check=True)
        shutil.copymode(path, trial)
        if maps(trial, env):
            saved += path.stat().st_size - trial.stat().st_size
            trial.replace(path)
        else:
            trial.unlink()
            refused.append(str(path.relative_to(internal)))
    return saved, refused


def link_duplicates(internal: Path) -> int:
    """Byte-identical files over 64 KiB become relative symlinks to the first copy. Returns bytes saved."""
    first: dict[tuple[int, str], Path] = {}
    saved = 0
    for path in sorted(internal.rglob("*")):
        if path.is_symlink() or not path.is_file() or path.stat().st_size < 65536:
            continue
        key = (path.stat().st_size, hashlib.sha256(path.read_bytes()).hexdigest())
        if key not in first:
            first[key] = path
            continue
        saved += key[0]
        path.unlink()
        path.symlink_to(os.path.relpath(first[key], path.parent))
        log(f"duplicates: {path.relative_to(internal)} -> {first[key].relative_to(internal)}")
    return saved


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def slim(dist: Path, manifest: dict) -> int:
    internal = dist / "_internal"
    start = folder_size(dist)
    log(f"start {mib(start)}")
    log(f"stubbed video/AVIF libraries: -{mib(stub_libraries(internal, manifest['linux_stub_libraries']))}")
    log(f"redirected libraries: -{mib(redirect_libraries(internal, manifest['linux_redirect_libraries']))}")
    log(f"Qt's ICU data for {manifest['linux_icu_locales']} only: -{mib(subset_icu(internal, manifest['linux_icu_locales']))}")
    log(f"unreferenced libraries: -{mib(drop_unreferenced(internal, manifest['linux_keep_unreferenced']))}")
    saved, refused = strip_binaries(internal)
    log(f"stripped: -{mib(saved)}" + (f" (kept unstripped, would not map: {refused})" if refused else ""))
    log(f"duplicates linked: -{mib(link_duplicates(internal))}")
    end = folder_size(dist)
    log(f"end {mib(end)} (-{mib(start - end)})")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dist", type=Path, help="the PyInstaller one-folder app, e.g. dist/caselens")
    args = parser.parse_args()
    if not (args.dist / "_internal").is_dir():
        log(f"{args.dist}/_internal not found")
        return 1
    return slim(args.dist, json.loads(MANIFEST.read_text(encoding="utf-8")))


if __name__ == "__main__":
    raise SystemExit(main())
