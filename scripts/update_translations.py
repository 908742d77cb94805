"""Refresh the .ts files from the sources, optionally fill translations, compile .qm.

    python scripts/update_translations.py                 # lupdate + lrelease
    python scripts/update_translations.py --fill it.json  # also fill Italian from a JSON map
    python scripts/update_translations.py --check         # exit 1 if anything is untranslated

The .ts files are the source of truth for translations; the compiled .qm files are
committed so that both the editable install and the bundle ship them (a test
checks that they match the .ts files). The English file maps every string to
itself so that every message is "finished" in both languages.

JSON map for --fill: {"<source>": "<translation>"} or, for plural messages,
{"<source>": ["<one>", "<many>"]}; a key "<Context>|<source>" wins over "<source>".
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS_DIR = ROOT / "resources" / "translations"
LANGUAGES = ("it", "en")


def tool(name: str) -> str:
    exe = Path(sys.executable).parent / name
    if exe.exists():
        return str(exe)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6 in this environment")
    return found


def sources() -> list[str]:
    files = sorted(
        str(p.relative_to(ROOT))
        for p in (ROOT / "desktop").rglob("*.py")
        if "sandbox" not in p.parts
    )
    return files


def ts_path(lang: str) -> Path:
    return TS_DIR / f"partner_desk_{lang}.ts"


def lupdate(target: Path, lang: str) -> None:
    cmd = [tool("pyside6-lupdate"), *sources(), "-no-obsolete", "-locations", "none"]
    cmd += ["-source-language", "en_US", "-target-language", "it_IT" if lang == "it" else "en_US"]
    cmd += ["-ts", str(target)]
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)


def messages(tree: ET.ElementTree) -> list[tuple[str, ET.Element]]:
    out = []
    for ctx in tree.getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            out.append((name, msg))
    return out


def fill(path: Path, mapping: dict[str, object], identity: bool) -> int:
    tree = ET.parse(path)
    filled = 0
    for context, msg in messages(tree):
        source = msg.findtext("source") or ""
        tr = msg.find("translation")
        if tr is None:
            tr = ET.SubElement(msg, "translation")
        unfinished = tr.get("type") == "unfinished"
        has_text = bool((tr.text or "").strip()) or any(
            (n.text or "").strip() for n in tr.iter("numerusform")
        )
        if not unfinished and has_text:
            continue
        value: object = (
            source if identity else mapping.get(f"{context}|{source}", mapping.get(source))
        )
        if value is None:
            continue
        if msg.get("numerus") == "yes":
            forms = value if isinstance(value, list) else [value, value]
            for child in list(tr):
                tr.remove(child)
            tr.text = None
            for form in forms:
                ET.SubElement(tr, "numerusform").text = str(form)
        else:
            tr.text = str(value)
        tr.attrib.pop("type", None)
        filled += 1
    ET.indent(tree, space="    ")
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
        + ET.tostring(tree.getroot(), encoding="unicode")
        + "\n",
        encoding="utf-8",
    )
    return filled


def untranslated(path: Path) -> list[str]:
    tree = ET.parse(path)
    missing = []
    for context, msg in messages(tree):
        tr = msg.find("translation")
        texts = (
            [] if tr is None else [tr.text or ""] + [n.text or "" for n in tr.iter("numerusform")]
        )
        if (
            tr is None
            or tr.get("type") in ("unfinished", "vanished", "obsolete")
            or not any(t.strip() for t in texts)
        ):
            missing.append(f"{context}: {msg.findtext('source')}")
    return missing


def lrelease(path: Path, out: Path) -> None:
    subprocess.run(
        [tool("pyside6-lrelease"), "-silent", str(path), "-qm", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fill", type=Path, help="JSON map of Italian translations")
    parser.add_argument("--check", action="store_true", help="fail if anything is untranslated")
    args = parser.parse_args(argv)
    TS_DIR.mkdir(parents=True, exist_ok=True)
    mapping: dict[str, object] = {}
    if args.fill:
        mapping = json.loads(args.fill.read_text(encoding="utf-8"))
    status = 0
    for lang in LANGUAGES:
        path = ts_path(lang)
        lupdate(path, lang)
        filled = fill(path, mapping, identity=(lang == "en"))
        missing = untranslated(path)
        lrelease(path, path.with_suffix(".qm"))
        print(f"{path.name}: filled {filled}, untranslated {len(missing)}")
        for item in missing[:200]:
            print(f"  missing: {item}")
        if missing and args.check:
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())
