#!/bin/sh
# Build CaseLens.app (PyInstaller BUNDLE from installers/caselens.spec) and dist/caselens_<version>.dmg.
# Usage (on macOS, from the repository root): sh installers/macos/build_macos.sh
# Names come from installers/manifest.json (app_name CaseLens, package caselens); check_specs.py checks them.
set -eu
cd "$(dirname "$0")/../.."
PY="${PYTHON:-.venv/bin/python}"
APP_NAME=CaseLens
PACKAGE=caselens
SPEC=installers/caselens.spec
VERSION=$("$PY" -c 'import re; print(re.search(r"__version__ = \"([^\"]+)\"", open("app/__init__.py").read()).group(1))')
DMG="dist/${PACKAGE}_${VERSION}.dmg"

"$PY" -c 'import PyInstaller' 2>/dev/null || "$PY" -m pip install -q -e ".[installer]"
"$PY" installers/check_specs.py
"$PY" installers/make_icons.py >/dev/null
"$PY" -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller "$SPEC"
[ -d "dist/${APP_NAME}.app" ] || { echo "dist/${APP_NAME}.app was not built" >&2; exit 1; }

# The selftest of the bundled binary, before anything is packed (no window server needed).
QT_QPA_PLATFORM=offscreen "dist/${APP_NAME}.app/Contents/MacOS/${APP_NAME}" selftest

rm -rf build/dmg "$DMG"
mkdir -p build/dmg
cp -R "dist/${APP_NAME}.app" build/dmg/
ln -s /Applications build/dmg/Applications
hdiutil create -volname "${APP_NAME} ${VERSION}" -srcfolder build/dmg -ov -format UDZO "$DMG"
echo "built $DMG ($(du -h "$DMG" | cut -f1))"
