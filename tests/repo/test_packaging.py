"""Packaging files stay coherent: spec, icons, installer, release workflow.

Fast checks only; building the bundle is scripts/build_bundle.sh's job.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
import tomllib
import types
from pathlib import Path

import pytest

from tests.helpers.paths import ROOT

SPEC = ROOT / "build.spec"
ICONS = ROOT / "resources" / "icons"
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"
ISS = ROOT / "installer" / "partner_desk.iss"


def _make_icons() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("make_icons", ROOT / "scripts" / "make_icons.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pyproject() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["project"]


def _spec_namespace(monkeypatch: pytest.MonkeyPatch, platform: str = "linux") -> dict:
    """Run build.spec up to Analysis() with PyInstaller stubbed out."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))
    body = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "a" for t in node.targets
        ):
            break
        body.append(node)
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_submodules = lambda name: [name]  # type: ignore[attr-defined]
    for name in ("PyInstaller", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.setattr(sys, "platform", platform)
    namespace: dict = {"SPECPATH": str(ROOT), "__file__": str(SPEC)}
    exec(compile(ast.Module(body=body, type_ignores=[]), str(SPEC), "exec"), namespace)
    return namespace


# ------------------------------------------------------------------ build.spec


def test_spec_reads_name_and_version_from_pyproject(monkeypatch: pytest.MonkeyPatch) -> None:
    ns = _spec_namespace(monkeypatch)
    project = _pyproject()
    assert ns["NAME"] == project["name"] == "partner-desk"
    assert ns["VERSION"] == project["version"]
    assert ns["BUNDLE_ID"] == "com.partnerdesk.app"
    assert project["scripts"]["partner-desk"] == "desktop.app:main_entry"


@pytest.mark.parametrize(
    ("platform", "icon"), [("linux", "app.png"), ("win32", "app.ico"), ("darwin", "app.icns")]
)
def test_spec_picks_the_icon_per_os(
    monkeypatch: pytest.MonkeyPatch, platform: str, icon: str
) -> None:
    ns = _spec_namespace(monkeypatch, platform)
    assert Path(ns["ICON"]).name == icon
    assert Path(ns["ICON"]).is_file()


def test_spec_bundles_resources_where_the_app_looks(monkeypatch: pytest.MonkeyPatch) -> None:
    ns = _spec_namespace(monkeypatch)
    dests = {(Path(src).name, dest) for src, dest in ns["datas"]}
    assert ("app.svg", "resources/icons") in dests
    assert ("status-active.svg", "resources/icons") in dests
    for qm in (ROOT / "resources" / "translations").glob("*.qm"):
        assert (qm.name, "resources/translations") in dests
    # desktop/i18n.py and desktop/views/icons.py read sys._MEIPASS / "resources".
    for module in ("desktop/i18n.py", "desktop/views/icons.py"):
        assert '"resources"' in (ROOT / module).read_text(encoding="utf-8")


def test_spec_freezes_every_keyring_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    hidden = set(_spec_namespace(monkeypatch)["hiddenimports"])
    for backend in ("Windows", "macOS", "SecretService", "kwallet", "chainer", "fail"):
        assert f"keyring.backends.{backend}" in hidden


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/qwindows.dll", True),
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6/Qt/plugins/imageformats/qico.dll", True),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", True),
        ("PySide6/Qt/plugins/imageformats/libqtiff.so", False),
        ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),
        ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", True),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", False),
        ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", False),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
        ("PySide6/Qt/translations/qtbase_it.qm", True),
        ("PySide6/Qt/translations/qtbase_en.qm", True),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/Qt/translations/qt_it.qm", False),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
        ("PySide6/Qt/lib/libQt6Svg.so.6", True),
        ("PySide6/Qt/lib/libQt6Qml.so.6", False),
        ("PySide6/Qt/lib/libQt6Quick.so.6", False),
        ("PySide6/Qt/lib/libQt6Pdf.so.6", False),
        ("PySide6/Qt6Network.dll", False),
        ("libQt6OpenGL.so.6", False),
        ("resources/icons/app.svg", True),
        ("resources/translations/partner_desk_it.qm", True),
        ("PySide6/opengl32sw.dll", False),
        ("PySide6/Qt6Widgets.dll", True),
        ("lib-dynload/_tkinter.cpython-311-x86_64-linux-gnu.so", False),
    ],
)
def test_spec_keeps_only_what_the_app_loads(
    monkeypatch: pytest.MonkeyPatch, dest: str, kept: bool
) -> None:
    keep = _spec_namespace(monkeypatch)["keep"]
    assert keep((dest, "/src/" + dest, "BINARY")) is kept


def test_spec_configures_the_platform_bundles() -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert "VSVersionInfo(" in text
    assert "BUNDLE(" in text
    assert re.search(r'"NSHighResolutionCapable":\s*True', text)
    assert re.search(r'"NSRequiresAquaSystemAppearance":\s*False', text)
    assert "COLLECT(" in text  # one-folder
    assert re.search(r"strip=STRIP", text)


# ------------------------------------------------------------------ icons


def test_icons_are_valid_containers_with_the_expected_sizes() -> None:
    mi = _make_icons()
    width, height, _ = mi.png_info((ICONS / "app.png").read_bytes())
    assert (width, height) == (512, 512)

    ico = mi.read_ico((ICONS / "app.ico").read_bytes())
    assert sorted(ico) == [16, 24, 32, 48, 64, 128, 256]
    for size, png in ico.items():
        assert mi.png_info(png)[:2] == (size, size)

    icns = mi.read_icns((ICONS / "app.icns").read_bytes())
    expected = dict(mi.ICNS_TYPES)
    assert set(icns) == set(expected)
    for ostype, png in icns.items():
        assert mi.png_info(png)[:2] == (expected[ostype], expected[ostype])
    assert {16, 1024} <= set(expected.values())


def test_icons_were_rendered_from_the_current_svg() -> None:
    mi = _make_icons()
    assert mi.stale(ICONS) == [], "run: python scripts/make_icons.py"


def test_icon_rendering_matches_the_committed_pixels(qapp: object) -> None:
    """Re-render from app.svg and compare with the committed 32 px ICO entry."""
    from PySide6.QtGui import QImage

    mi = _make_icons()
    fresh = QImage.fromData(mi.render_png(32))
    committed = QImage.fromData(mi.read_ico((ICONS / "app.ico").read_bytes())[32])
    assert (fresh.width(), fresh.height()) == (committed.width(), committed.height()) == (32, 32)
    worst = 0
    for y in range(32):
        for x in range(32):
            a, b = fresh.pixelColor(x, y), committed.pixelColor(x, y)
            worst = max(
                worst,
                abs(a.red() - b.red()),
                abs(a.green() - b.green()),
                abs(a.blue() - b.blue()),
                abs(a.alpha() - b.alpha()),
            )
    assert worst <= 8  # anti-aliasing may differ a little between Qt builds


def test_ico_and_icns_writers_round_trip() -> None:
    mi = _make_icons()
    fake = {size: f"png{size}".encode() for size in (16, 32, 256)}
    assert mi.read_ico(mi.ico_bytes(fake)) == fake
    pngs = {size: f"png{size}".encode() for _, size in mi.ICNS_TYPES}
    icns = mi.read_icns(mi.icns_bytes(pngs))
    assert icns["ic10"] == b"png1024"
    assert icns["icp4"] == b"png16"


# ------------------------------------------------------------------ installers, CI


def test_inno_setup_takes_the_version_from_a_define() -> None:
    text = ISS.read_text(encoding="utf-8")
    assert re.search(r"^#ifndef AppVersion\b", text, re.M)
    assert re.search(r"^AppVersion=\{#AppVersion\}\s*$", text, re.M)
    assert "SetupIconFile=..\\resources\\icons\\app.ico" in text
    assert not re.search(r"^AppVersion=\d", text, re.M)  # never hard-coded


def test_dmg_script_uses_hdiutil() -> None:
    text = (ROOT / "installer" / "dmg.sh").read_text(encoding="utf-8")
    assert "hdiutil create" in text
    assert "Partner Desk.app" in text


def test_release_workflow_builds_windows_and_macos_and_signs_only_with_secrets() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    assert re.search(r"runs-on:\s*windows-latest", text)
    assert re.search(r"runs-on:\s*macos-latest", text)
    assert re.search(r"runs-on:\s*ubuntu-latest", text)
    assert "tags:" in text and "workflow_dispatch" in text
    assert "scripts/build_bundle.sh" in text
    assert "/DAppVersion=" in text and "installer\\partner_desk.iss" in text
    assert "installer/dmg.sh" in text
    assert "upload-artifact" in text
    # Every step that signs or notarises is guarded by its secret being present.
    steps = re.split(r"\n\s*- (?:name|uses):", text)
    signing = [s for s in steps if re.search(r"signtool|codesign --force|notarytool submit", s)]
    assert len(signing) >= 3
    for step in signing:
        assert re.search(r"if:\s*env\.\w+ != ''", step), step.splitlines()[0]
    for secret in ("WINDOWS_PFX_BASE64", "MACOS_CODESIGN_IDENTITY", "APPLE_ID"):
        assert f"secrets.{secret}" in text


def test_build_script_self_tests_and_checks_the_size() -> None:
    text = (ROOT / "scripts" / "build_bundle.sh").read_text(encoding="utf-8")
    assert "--self-test" in text
    assert "QT_QPA_PLATFORM=offscreen" in text
    assert "PARTNER_DESK_HOME=" in text
    assert "du -sm" in text and "150" in text
    assert "${PYTHON:-python3}" in text
    extra = (ROOT / "scripts" / "ci_extra.sh").read_text(encoding="utf-8")
    assert ".venv" in extra and "build_bundle.sh" in extra
