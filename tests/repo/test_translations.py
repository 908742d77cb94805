"""Translations: complete, consistent, up to date, used at run time; no clipped labels."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.helpers.paths import ROOT

TS_DIR = ROOT / "resources" / "translations"
sys.path.insert(0, str(ROOT / "scripts"))

import update_translations as ut  # noqa: E402

PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%n|%L?\d")

# Terms of Sophos Central's Italian console that must be used where they exist.
CONSOLE_TERMS = {
    "Show my protection only": "Mostra solo la mia protezione",
    "&Display name as": "&Nome visualizzato come",
}


def all_messages(lang: str) -> list[tuple[str, str, list[str]]]:
    tree = ET.parse(TS_DIR / f"partner_desk_{lang}.ts")
    out = []
    for context, msg in ut.messages(tree):
        tr = msg.find("translation")
        assert tr is not None
        forms = [n.text or "" for n in tr.iter("numerusform")] or [tr.text or ""]
        out.append((context, msg.findtext("source") or "", forms))
    return out


@pytest.mark.parametrize("lang", ut.LANGUAGES)
def test_every_message_is_translated(lang: str) -> None:
    missing = ut.untranslated(TS_DIR / f"partner_desk_{lang}.ts")
    assert missing == [], f"{len(missing)} untranslated, e.g. {missing[:5]}"


@pytest.mark.parametrize("lang", ut.LANGUAGES)
def test_placeholders_match_between_languages(lang: str) -> None:
    for context, source, forms in all_messages(lang):
        want = sorted(PLACEHOLDER.findall(source))
        for form in forms:
            got = sorted(PLACEHOLDER.findall(form))
            if "%n" in want and "%n" not in got:
                # a singular form may spell the number out ("un cliente")
                want_cmp = [p for p in want if p != "%n"]
                got = [p for p in got if p != "%n"]
            else:
                want_cmp = want
            assert got == want_cmp, f"{context}: {source!r} -> {form!r}"


def test_ts_files_cover_every_string_in_the_code(tmp_path: Path) -> None:
    """Running lupdate again finds nothing new: every tr() string is in the .ts files."""
    for lang in ut.LANGUAGES:
        copy = tmp_path / f"partner_desk_{lang}.ts"
        shutil.copy(TS_DIR / copy.name, copy)
        ut.lupdate(copy, lang)
        assert ut.untranslated(copy) == [], f"{lang}: strings in the code are missing from the .ts"


def test_compiled_qm_files_match_the_ts_files(tmp_path: Path) -> None:
    for lang in ut.LANGUAGES:
        fresh = tmp_path / f"partner_desk_{lang}.qm"
        ut.lrelease(TS_DIR / f"partner_desk_{lang}.ts", fresh)
        committed = TS_DIR / f"partner_desk_{lang}.qm"
        assert committed.read_bytes() == fresh.read_bytes(), (
            f"{committed.name} is stale: run python scripts/update_translations.py"
        )


def test_italian_uses_the_console_terms() -> None:
    italian = {source: forms[0] for _ctx, source, forms in all_messages("it")}
    for source, term in CONSOLE_TERMS.items():
        assert italian.get(source) == term


def test_runtime_language_from_environment_and_settings(
    qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QCoreApplication, QLocale

    from desktop import i18n

    app = QCoreApplication.instance()
    assert app is qapp
    monkeypatch.setenv("PARTNER_DESK_LANGUAGE", "it")
    try:
        assert i18n.install_translators(app) == "it"
        assert QCoreApplication.translate("MainWindow", "Show my protection only") == (
            "Mostra solo la mia protezione"
        )
        assert QLocale().toString(12345.5, "f", 1) == "12.345,5"
    finally:
        i18n.install_translators(app, "en")
    assert QCoreApplication.translate("MainWindow", "Show my protection only") == (
        "Show my protection only"
    )

    monkeypatch.delenv("PARTNER_DESK_LANGUAGE")
    monkeypatch.setenv("LANGUAGE", "en")
    i18n.set_language_override("it")
    assert i18n.ui_language() == "it"
    i18n.set_language_override("system")
    assert i18n.ui_language() == "en"
    monkeypatch.setenv("LANGUAGE", "it_IT:it")
    assert i18n.ui_language() == "it"


def test_self_test_reports_the_translated_toggle(tmp_path: Path) -> None:
    env = {
        "PARTNER_DESK_HOME": str(tmp_path),
        "PARTNER_DESK_LANGUAGE": "it",
        "QT_QPA_PLATFORM": "offscreen",
    }
    import os

    result = subprocess.run(
        [sys.executable, "-c", "from desktop.i18n import self_test_label; print(self_test_label())"],
        capture_output=True, text=True, env={**os.environ, **env}, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Mostra solo la mia protezione" in result.stdout


def source_lines_matching(pattern: re.Pattern[str]) -> list[str]:
    hits = []
    for path in (ROOT / "desktop").rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                hits.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return hits


def test_translation_markers_use_literal_contexts() -> None:
    """lupdate only extracts QT_TRANSLATE_NOOP calls whose context is a string literal."""
    bad = source_lines_matching(re.compile(r"QT_TRANSLATE_NOOP\(\s*[A-Za-z_]"))
    assert bad == [], "\n".join(bad)


def test_no_literal_strings_hide_behind_translate_wrappers() -> None:
    """A literal passed to a helper like ``_tr("...")`` is invisible to lupdate."""
    bad = source_lines_matching(re.compile(r"\b_tr\(\s*[\"']"))
    assert bad == [], "\n".join(bad)
