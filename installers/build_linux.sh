#!/bin/sh
# Build the Linux installer: PyInstaller one-folder app (dist/caselens/), slimmed by installers/slim_linux.py, wrapped
# in dist/caselens_<version>_amd64.deb.
# Usage: sh installers/build_linux.sh [--skip-pyinstaller]   (./dev installer runs this)
# Installs to /opt/caselens with /usr/bin/caselens and /usr/bin/caselens-gui launchers, a .desktop entry and icons.
# No AppImage: appimagetool is a separate download and precinct machines are offline; the .deb is the installer.
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY="${PYTHON:-$ROOT/.venv/bin/python}"
export PYTHONDONTWRITEBYTECODE=1

VERSION=$("$PY" -c 'import json,re,sys; m=json.load(open("installers/manifest.json")); print(re.search(r"__version__ = \"([^\"]+)\"", open(m["version_from"]).read()).group(1))')
PACKAGE=caselens
ARCH=amd64
STAGE="$ROOT/build/deb/${PACKAGE}_${VERSION}_${ARCH}"
DEB="$ROOT/dist/${PACKAGE}_${VERSION}_${ARCH}.deb"
log() { printf '%s\n' "installer: $*" >&2; }

if [ "${1:-}" != "--skip-pyinstaller" ]; then
    "$PY" -c 'import PyInstaller' 2>/dev/null || "$PY" -m pip install -q --disable-pip-version-check -e ".[installer]"
    "$PY" installers/check_specs.py
    [ -f resources/selftest/expected.json ] || "$PY" installers/make_selftest_assets.py
    "$PY" installers/make_icons.py >/dev/null
    log "PyInstaller one-folder build (several minutes on 2 cores)"
    start=$(date +%s)
    "$PY" -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller installers/caselens.spec
    log "PyInstaller took $(( $(date +%s) - start )) s"
else
    "$PY" installers/make_icons.py >/dev/null
fi
[ -x dist/caselens/caselens ] || { log "dist/caselens/caselens missing: run without --skip-pyinstaller"; exit 1; }
if [ "${1:-}" != "--skip-pyinstaller" ]; then
    # Stub OpenCV's FFmpeg/libaom, drop orphaned libraries, strip debug info (checked per file), link duplicates.
    "$PY" installers/slim_linux.py dist/caselens
fi
"$PY" installers/check_specs.py --dist dist/caselens

rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
    "$STAGE/usr/share/icons/hicolor/scalable/apps" "$STAGE/usr/share/doc/$PACKAGE"
cp -a dist/caselens "$STAGE/opt/caselens"
cat > "$STAGE/usr/bin/caselens" <<'SH'
#!/bin/sh
exec /opt/caselens/caselens "$@"
SH
cat > "$STAGE/usr/bin/caselens-gui" <<'SH'
#!/bin/sh
exec /opt/caselens/caselens gui "$@"
SH
chmod 755 "$STAGE/usr/bin/caselens" "$STAGE/usr/bin/caselens-gui"
install -m 644 installers/caselens.desktop "$STAGE/usr/share/applications/caselens.desktop"
install -m 644 installers/caselens.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/caselens.svg"
for size in 16 32 48 64 128 256 512; do
    mkdir -p "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps"
    install -m 644 "build/icons/caselens_${size}.png" "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps/caselens.png"
done
cat > "$STAGE/usr/share/doc/$PACKAGE/copyright" <<'TXT'
CaseLens: offline case-file reading assistant.
License: AGPL-3.0-or-later. Bundled third-party components keep their own licences (Qt/PySide6: LGPL-3.0;
PyMuPDF/MuPDF: AGPL-3.0; RapidOCR models: Apache-2.0; spaCy, scikit-learn, numpy, scipy: MIT/BSD).
TXT
SIZE_KB=$(du -sk "$STAGE" | cut -f1)
cat > "$STAGE/DEBIAN/control" <<CTRL
Package: $PACKAGE
Version: $VERSION
Architecture: $ARCH
Maintainer: CaseLens contributors <caselens@localhost>
Installed-Size: $SIZE_KB
Depends: libc6 (>= 2.31), libfontconfig1, libglib2.0-0, libdbus-1-3, libxkbcommon0, libegl1, libgl1
Recommends: fonts-noto-cjk, libwayland-cursor0, libwayland-egl1, libxcb-cursor0, libxkbcommon-x11-0, libxcb-icccm4, libxcb-keysyms1, libxcb-image0, libxcb-randr0, libxcb-render-util0, libxcb-shape0, libxcb-xfixes0, libxcb-xinerama0, libxcb-xkb1
Section: utils
Priority: optional
Homepage: https://localhost/caselens
Description: offline case-file (卷宗) reading assistant
 CaseLens imports scanned and born-digital case dossiers, reads them with OCR,
 finds people, accounts, phones and money flows, and shows them with the page
 each fact came from. Everything runs offline. Check an installation with
 "caselens selftest".
CTRL
# Byte-compiled caches written by the app at run time must not outlive the package.
cat > "$STAGE/DEBIAN/postrm" <<'SH'
#!/bin/sh
set -e
[ "$1" = purge ] || [ "$1" = remove ] && rm -rf /opt/caselens
exit 0
SH
chmod 755 "$STAGE/DEBIAN/postrm"
find "$STAGE" -path "$STAGE/DEBIAN" -prune -o -type f -print0 | xargs -0 md5sum \
    | sed "s|$STAGE/||" > "$STAGE/DEBIAN/md5sums"
mkdir -p dist
start=$(date +%s)
dpkg-deb --root-owner-group -Zzstd --build "$STAGE" "$DEB" >/dev/null
log "dpkg-deb took $(( $(date +%s) - start )) s"
log "app folder: $(du -sh dist/caselens | cut -f1) ($(du -sm dist/caselens | cut -f1) MiB)"
log "package:    $DEB ($(du -m "$DEB" | cut -f1) MiB)"
log "install:    sudo dpkg -i $DEB && caselens selftest"
