"""Plain-text labels: nothing from a server or a user is ever read as HTML (issue 12 item 3).

``QLabel`` guesses rich text from its content (``Qt.TextFormat.AutoText``): a display
name ``<h1 style="color:red">…</h1>`` became a red heading and ``<img src=file:///…>``
loaded a local file. Every label that can show data is ``Qt.TextFormat.PlainText``:
:func:`plain_label` builds one, :func:`make_plain` turns every auto-format label of a
dialog plain (labels meant to be rich set ``RichText`` explicitly and escape their data).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from desktop.services.plaintext import plain_tooltip

__all__ = ["make_plain", "plain_label", "plain_tooltip"]


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def make_plain(root: QWidget) -> None:
    """Every ``QLabel`` under ``root`` still on AutoText becomes PlainText."""
    for label in root.findChildren(QLabel):
        if label.textFormat() == Qt.TextFormat.AutoText:
            label.setTextFormat(Qt.TextFormat.PlainText)


SHOWN_MAX = 160  # characters of one value shown in a label (the Copy button copies all)
WORD_MAX = 30  # a run without spaces longer than this gets break opportunities


def shown_text(text: str, limit: int = SHOWN_MAX) -> str:
    """``text`` fit for a wrapping label: at most ``limit`` characters (middle elided,
    "…"), and a zero-width space after every ``WORD_MAX`` characters of a run without
    spaces, so a 10,000-character name without spaces wraps instead of making the
    dialog 32,767 px wide. Only for display: copying uses the original value."""
    if len(text) > limit:
        keep = limit // 2
        text = text[:keep] + " … " + text[-keep:]
    out: list[str] = []
    run = 0
    for ch in text:
        if ch.isspace():
            run = 0
        else:
            run += 1
            if run > WORD_MAX:
                out.append("\u200b")
                run = 1
        out.append(ch)
    return "".join(out)


def title_text(text: str, limit: int = 100) -> str:
    """A window title: one line, at most ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
