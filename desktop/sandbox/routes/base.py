"""The shape of one route."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.sandbox.common import Reply, Request

if TYPE_CHECKING:
    from desktop.sandbox.server import SandboxServer

Handler = Callable[["SandboxServer", Request], Reply]


@dataclass(frozen=True)
class Route:
    """``method`` + ``pattern`` (full match on the path) -> ``handler``.

    ``extension``: a console extension (404 when the sandbox runs without them);
    ``partner``: needs ``X-Partner-ID`` (401 missing, 403 someone else's);
    ``feature``: the extension feature it belongs to, when it can be switched off alone.
    """

    method: str
    pattern: re.Pattern[str]
    name: str
    handler: Handler
    extension: bool = False
    partner: bool = True
    feature: str | None = None


def route(
    method: str,
    pattern: str,
    name: str,
    handler: Handler,
    *,
    extension: bool = False,
    partner: bool = True,
    feature: str | None = None,
) -> Route:
    return Route(method, re.compile(pattern), name, handler, extension, partner, feature)
