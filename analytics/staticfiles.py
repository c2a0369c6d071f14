"""Serve plotly.js from the installed ``plotly`` wheel as a static file.

The PyPI package ships the minified plotly.js bundle in ``plotly/package_data``. A staticfiles
finder exposes that one file as ``vendor/plotly/plotly.min.js``, so ``{% static %}``,
``collectstatic`` (and WhiteNoise's hashed names in production) treat it like our own assets,
without copying a 4.8 MB third-party file into the repository or fetching it from a CDN.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Error
from django.core.files.storage import FileSystemStorage

PREFIX = "vendor/plotly"
FILENAME = "plotly.min.js"
STATIC_PATH = f"{PREFIX}/{FILENAME}"


def bundle_path() -> Path:
    return Path(plotly.__file__).resolve().parent / "package_data" / FILENAME


class PlotlyFinder(BaseFinder):
    def __init__(self, *args, **kwargs) -> None:
        self.storage = FileSystemStorage(location=str(bundle_path().parent))
        self.storage.prefix = PREFIX  # collectstatic places the file under this prefix

    def check(self, **kwargs) -> list[Error]:
        if not bundle_path().is_file():
            return [Error(f"plotly.js not found at {bundle_path()}", id="analytics.E001")]
        return []

    def find(self, path: str, find_all: bool = False, **kwargs) -> str | list[str]:
        if path == STATIC_PATH and bundle_path().is_file():
            return [str(bundle_path())] if find_all else str(bundle_path())
        return [] if find_all else ""

    def list(self, ignore_patterns):
        if bundle_path().is_file():
            yield FILENAME, self.storage


@cache
def injected_style_ids() -> tuple[str, ...]:
    """Ids of the <style> elements the bundle adds on load unless one with that id exists.

    plotly.js injects a bundled map stylesheet at load time, guarded by a fixed element id.
    Our CSP (``style-src 'self'``) refuses inline <style>, which Chromium reports as a console
    error; putting a placeholder element with that id on the page skips the injection (we draw
    no maps). Read from the installed bundle so a plotly upgrade that changes the id still works.
    """
    text = bundle_path().read_text(encoding="utf-8", errors="replace")
    pattern = r'getElementById\("([0-9a-f]{32,64})"\)\)\{var \w+=document\.createElement\("style"\)'
    return tuple(dict.fromkeys(re.findall(pattern, text)))
