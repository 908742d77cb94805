#!/usr/bin/env bash
# Make dist/PartnerDesk-<version>.dmg from "dist/Partner Desk.app" (macOS only).
#
#   bash installer/dmg.sh [VERSION]      # VERSION defaults to pyproject.toml's
#
# A compressed (UDZO) image with the app and an /Applications link to drag it to.
# If MACOS_CODESIGN_IDENTITY is set the image itself is signed as well (the app
# must have been signed before; notarisation happens in release.yml).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VERSION=${1:-$("$PYTHON" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')}
APP="dist/Partner Desk.app"
DMG="dist/PartnerDesk-${VERSION}.dmg"

[ "$(uname -s)" = Darwin ] || { echo "dmg.sh: macOS only" >&2; exit 1; }
[ -d "$APP" ] || { echo "dmg.sh: $APP not found; build it first (scripts/build_bundle.sh)" >&2; exit 1; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
# ditto keeps symlinks, extended attributes and code signatures intact.
ditto "$APP" "$stage/Partner Desk.app"
ln -s /Applications "$stage/Applications"

rm -f "$DMG"
hdiutil create -volname "Partner Desk ${VERSION}" -srcfolder "$stage" \
  -fs HFS+ -format UDZO -imagekey zlib-level=9 -ov "$DMG"

if [ -n "${MACOS_CODESIGN_IDENTITY:-}" ]; then
  codesign --force --timestamp --sign "$MACOS_CODESIGN_IDENTITY" "$DMG"
fi
hdiutil verify "$DMG"
echo "dmg.sh: wrote $DMG"
