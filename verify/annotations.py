"""GitHub Actions output: an error annotation per failed check, and a Markdown step summary.

Under GitHub Actions (``GITHUB_ACTIONS=true``) a check that does not verify becomes an
``::error`` workflow command at the first wrong line of the gradient (or the line its code
raised at), so that the pull request shows the diagnosis beside the code; the job's summary
page gets the results table and every failure's full message (``GITHUB_STEP_SUMMARY``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

from verify.report import VERIFIED, DerivationReport, Report

__all__ = ["annotation", "in_github_actions", "step_summary", "where"]

#: ``file.py:17`` inside an error message (``called sys.exit(0) at harsh.py:17``).
_AT = re.compile(r"(?P<file>[^\s:]+\.py):(?P<line>\d+)")
#: ``cannot import broken.py: line 3: NameError ...``.
_IMPORT = re.compile(r"cannot import (?P<file>.+?\.py): line (?P<line>\d+):")
_MARKS = {VERIFIED: "✅"}


def in_github_actions(environ: Mapping[str, str] = os.environ) -> bool:
    """True inside a GitHub Actions job."""
    return environ.get("GITHUB_ACTIONS") == "true"


def where(result: DerivationReport, environ: Mapping[str, str] = os.environ
          ) -> tuple[str | None, int | None]:
    """The file and line a failed check points at: its first wrong line, the line its code
    raised at, or the file checked; relative to the repository (``GITHUB_WORKSPACE``)."""
    located = result.located
    if located is not None:
        return _in_workspace(located.file, environ), located.line
    for pattern in (_IMPORT, _AT):
        match = pattern.search(result.error or "")
        if match is not None:
            return _in_workspace(match["file"], environ), int(match["line"])
    if result.source.endswith(".py"):
        return _in_workspace(result.source, environ), None
    return None, None


def annotation(result: DerivationReport, environ: Mapping[str, str] = os.environ) -> str:
    """The ``::error file=...,line=...,title=...::message`` line of a check that did not
    verify: its headline as the title, its whole failure message as the text."""
    file, line = where(result, environ)
    properties = [f"file={_property(file)}"] if file else []
    if line is not None:
        properties.append(f"line={line}")
    properties.append(f"title={_property('verify-grads: ' + result.headline())}")
    return f"::error {','.join(properties)}::{_data(result.explain_failure())}"


def step_summary(report: Report) -> str:
    """The run as Markdown: the summary line, a table of every check, each failure's
    message in a collapsed section."""
    lines = [f"### verify-grads: {report.summary()}", "",
             "| derivation | parameter | dtype | worst rel. error | verdict |",
             "| --- | --- | --- | ---: | --- |"]
    for result in report.results:
        rows = [(s.of, f"{s.max_rel_error:.1e}", s.verdict) for s in result.params]
        for of, error, verdict in rows or [("-", "-", result.verdict)]:
            mark = _MARKS.get(verdict, "❌")
            lines.append(f"| {_cell(result.name)} | {_cell(of)} | {result.dtype} | {error} "
                         f"| {mark} {verdict} |")
    for result in report.results:
        if not result.ok:
            lines += ["", f"<details><summary>{_html(result.headline())}</summary>", "",
                      "```text", result.explain_failure(), "```", "", "</details>"]
    return "\n".join(lines) + "\n"


def _in_workspace(path: str, environ: Mapping[str, str]) -> str:
    """``path`` relative to the checked-out repository when it lies inside it."""
    workspace = environ.get("GITHUB_WORKSPACE")
    if not workspace:
        return path
    relative = os.path.relpath(os.path.abspath(path), workspace)
    return path if relative.startswith("..") else relative


def _data(text: str) -> str:
    """A workflow command's message: %, CR and LF escaped."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """A workflow command's property value: also ':' and ',' escaped."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
