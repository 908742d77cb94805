"""Text from servers and users shown as plain text (issue 12 item 3); Qt-free.

Qt shows a tooltip as rich text when it "looks like" HTML (``Qt::mightBeRichText``):
a customer name such as ``<img src=file:///…>`` in a tooltip would load a local file.
:func:`plain_tooltip` returns text Qt shows literally: unchanged when it has no ``<``,
otherwise HTML-escaped inside ``<qt>…</qt>`` (line breaks kept), so every character
appears as typed and no tag is ever interpreted. Labels use
``Qt.TextFormat.PlainText`` instead (see ``desktop.views.plain``).
"""

from __future__ import annotations

import html
from typing import overload


@overload
def plain_tooltip(text: str) -> str: ...
@overload
def plain_tooltip(text: None) -> None: ...
def plain_tooltip(text: str | None) -> str | None:
    """``text`` as a tooltip Qt never interprets as HTML (None stays None)."""
    if text is None or "<" not in text:
        return text
    body = html.escape(text, quote=False).replace("\n", "<br>")
    return f"<qt>{body}</qt>"
