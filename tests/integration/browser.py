"""What the browser tests of the pages share: finding Chromium (or skipping), its flags, and a
page opened on a file that records every request, console error and dialog."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

__all__ = ["ARGS", "Opened", "browser_or_skip", "chromium", "opened"]


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def browser_or_skip() -> str:
    """The Chromium binary; without it (or without playwright) the test skips, unless
    ``ORGSIM_REQUIRE_BROWSER=1`` (CI) makes that a failure."""
    required = os.environ.get("ORGSIM_REQUIRE_BROWSER") == "1"
    path = chromium()
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        if required:
            pytest.fail("ORGSIM_REQUIRE_BROWSER=1 but playwright is not installed")
        pytest.skip("playwright is not installed (pip install '.[browser]')")
    if path is None:
        if required:
            pytest.fail("ORGSIM_REQUIRE_BROWSER=1 but no chromium binary was found")
        pytest.skip("no chromium binary (Debian: apt-get install chromium)")
    return path


ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@attrs.frozen
class Opened:
    """A page open in Chromium, and what it did: every URL it requested, every error it
    logged or threw, every dialog it tried to show (each dismissed)."""

    page: Page
    requests: list[str]
    problems: list[str]
    dialogs: list[str]


@contextmanager
def opened(file: Path, width: int, height: int, fragment: str = "") -> Iterator[Opened]:
    """``file`` opened in headless Chromium at ``width`` x ``height`` (skips as
    :func:`browser_or_skip` says)."""
    executable = browser_or_skip()
    from playwright.sync_api import Dialog, sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=executable, args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        seen = Opened(page, [], [], [])

        def dismiss(dialog: Dialog) -> None:
            seen.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("request", lambda request: seen.requests.append(request.url))
        page.on("console", lambda m: seen.problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: seen.problems.append(str(error)))
        page.on("dialog", dismiss)
        page.goto(file.as_uri() + fragment)
        try:
            yield seen
        finally:
            browser.close()
