"""The JSON documents verify-grads writes, as described by ``verify/report.schema.json``.

A report document (``verify-grads --json PATH``) holds the schema version, the versions of
verify-grads, torch, numpy and Python, when the run started and how long it took, the
settings, and every check with its steps, diagnosis, first wrong line and smallest failing
case. A derivations document (``verify-grads list --json``) lists the built-ins. Both hold
only JSON types (no ``str()`` of anything), with NaN and infinities written as strings by
``verify.harness.json_text``.
"""

from __future__ import annotations

import datetime
import json
import platform
from collections.abc import Iterable, Mapping
from importlib import metadata, resources
from typing import Any

from derivations.core import Derivation
from verify.report import Report
from verify.selection import family_of

__all__ = ["SCHEMA_VERSION", "derivations_document", "header", "report_document", "schema",
           "version"]

#: Raised when a field is renamed or removed, or its meaning changes; new fields keep it.
SCHEMA_VERSION = 1
SCHEMA_FILE = "report.schema.json"


def version() -> str:
    """The installed verify-grads version ("unknown" when run from a bare checkout)."""
    try:
        return metadata.version("verify-grads")
    except metadata.PackageNotFoundError:
        return "unknown"


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of both documents, as shipped in the package."""
    return json.loads(resources.files("verify").joinpath(SCHEMA_FILE).read_text("utf-8"))


def report_document(report: Report, settings: Mapping[str, Any], *, started: float,
                    seconds: float) -> dict[str, Any]:
    """A run as a report document.

    Args:
        report: what the run found.
        settings: the options it ran with (command, targets, dtypes, device, trials, seed,
            sizes, numeric, rtol, atol, timeout).
        started: when it started (seconds since the epoch).
        seconds: how long it took.
    """
    return {"schema_version": SCHEMA_VERSION, "kind": "report", **header(),
            "started": _iso(started), "duration_s": round(seconds, 3),
            "settings": dict(settings), **report.to_dict()}


def derivations_document(derivations: Iterable[Derivation]) -> dict[str, Any]:
    """The built-in derivations as a derivations document."""
    return {"schema_version": SCHEMA_VERSION, "kind": "derivations", **header(),
            "derivations": [_derivation(d) for d in derivations]}


def header() -> dict[str, Any]:
    """The tool and the versions of what it runs on, as every document starts."""
    import numpy
    import torch
    return {"tool": {"name": "verify-grads", "version": version()},
            "versions": {"torch": torch.__version__, "numpy": numpy.__version__,
                         "python": platform.python_version()}}


def _derivation(d: Derivation) -> dict[str, Any]:
    return {"name": d.name, "title": d.title, "family": family_of(d), "source": d.source,
            "loss": d.convention, "parameters": list(d.params), "sizes": dict(d.sizes),
            "inputs": [{"name": i.name, "shape": list(i.shape), "draw": i.draw}
                       for i in d.inputs],
            "steps": [{"name": s.name, "of": s.of, "formula": s.formula, "why": s.why}
                      for s in d.steps]}


def _iso(seconds: float) -> str:
    moment = datetime.datetime.fromtimestamp(seconds, tz=datetime.timezone.utc)
    return moment.isoformat(timespec="seconds")
