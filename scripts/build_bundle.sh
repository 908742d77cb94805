#!/usr/bin/env bash
# Build the one-folder PyInstaller bundle and prove it works.
#
#   bash scripts/build_bundle.sh                 # uses ${PYTHON:-python3}
#   PYTHON=.venv/bin/python bash scripts/build_bundle.sh
#
# Steps: install the [build] extra if PyInstaller is missing -> pyinstaller build.spec
# -> run the frozen binary's --self-test offscreen with a throw-away PARTNER_DESK_HOME
# -> check the bundle size (Linux limit: MAX_BUNDLE_MB, default 150).
# Exits non-zero on any failure. Works on Linux, macOS and Windows (Git Bash).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
MAX_BUNDLE_MB=${MAX_BUNDLE_MB:-150}
DIST=${DIST:-dist}
WORK=${WORK:-build}
NAME=partner-desk

say() { printf '== %s\n' "$*"; }
fail() { printf 'build_bundle: FAILED: %s\n' "$*" >&2; exit 1; }

start=$(date +%s)

if ! "$PYTHON" -c "import PyInstaller" >/dev/null 2>&1; then
  say "PyInstaller missing: installing .[build] into $("$PYTHON" -c 'import sys; print(sys.prefix)')"
  "$PYTHON" -m pip install --quiet -e ".[build]"
fi
"$PYTHON" -c "import desktop, PySide6" 2>/dev/null || "$PYTHON" -m pip install --quiet -e .

say "icons up to date with resources/icons/app.svg"
QT_QPA_PLATFORM=offscreen "$PYTHON" scripts/make_icons.py --check || fail "icons are stale: run scripts/make_icons.py"

say "pyinstaller build.spec ($("$PYTHON" -m PyInstaller --version))"
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$WORK" build.spec
build_done=$(date +%s)

case "$(uname -s)" in
  MINGW* | MSYS* | CYGWIN*) exe="$DIST/$NAME/$NAME-cli.exe" ;;
  *) exe="$DIST/$NAME/$NAME" ;;
esac
[ -x "$exe" ] || fail "no executable at $exe"

say "self-test of the frozen bundle: $exe --self-test"
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
set +e
QT_QPA_PLATFORM=offscreen PARTNER_DESK_HOME="$home" "$exe" --self-test
rc=$?
set -e
[ "$rc" -eq 0 ] || fail "frozen --self-test exited $rc"

size_mb=$(du -sm "$DIST/$NAME" | cut -f1)
say "bundle size: ${size_mb} MB ($DIST/$NAME; limit ${MAX_BUNDLE_MB} MB)"
if [ "$(uname -s)" = Linux ] && [ "$size_mb" -gt "$MAX_BUNDLE_MB" ]; then
  fail "bundle is ${size_mb} MB > ${MAX_BUNDLE_MB} MB"
fi

end=$(date +%s)
say "ok: built in $((build_done - start)) s, total $((end - start)) s"
