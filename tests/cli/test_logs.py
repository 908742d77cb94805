"""The log file of a launch (desktop/cli/logs.py): a GUI launch appends to it with a plain
handler until its first paint, then rotates it like every command does."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.cli.logs import StartLogFile, rotate_log_file, setup_logging


@pytest.fixture
def partner_desk_logger(partner_desk_home: Path) -> Iterator[logging.Logger]:
    root = logging.getLogger("partner_desk")
    saved, level = list(root.handlers), root.level
    root.handlers = []
    yield root
    for handler in root.handlers:
        handler.close()
    root.handlers = saved
    root.setLevel(level)


def test_a_gui_launch_logs_at_once_and_rotates_after_its_first_paint(
    partner_desk_logger: logging.Logger,
) -> None:
    import logging.handlers

    log_file = setup_logging("INFO", rotate_later=True)
    assert [type(h) for h in partner_desk_logger.handlers] == [StartLogFile]
    logging.getLogger("partner_desk.test").warning("before the paint")
    setup_logging("INFO", rotate_later=True)  # once only
    assert len(partner_desk_logger.handlers) == 1

    rotate_log_file()
    [handler] = partner_desk_logger.handlers
    assert isinstance(handler, logging.handlers.RotatingFileHandler)
    assert Path(handler.baseFilename) == log_file
    logging.getLogger("partner_desk.test").warning("after the paint")
    handler.flush()
    lines = log_file.read_text("utf-8").splitlines()
    assert [line.split(": ", 1)[1] for line in lines[-2:]] == [
        "before the paint",
        "after the paint",
    ]
    assert "WARNING partner_desk.test" in lines[-1]

    rotate_log_file()  # nothing left to swap
    assert partner_desk_logger.handlers == [handler]
    setup_logging("INFO")  # a rotating handler counts as the file handler
    assert partner_desk_logger.handlers == [handler]


def test_a_command_rotates_from_the_start(partner_desk_logger: logging.Logger) -> None:
    import logging.handlers

    setup_logging("DEBUG")
    [handler] = partner_desk_logger.handlers
    assert isinstance(handler, logging.handlers.RotatingFileHandler)
    assert partner_desk_logger.level == logging.DEBUG
