"""One run as one static, self-contained HTML page: no script, no font, no link outside it.

The page holds the results table, then for each derivation that did not verify: its
mismatch message, its steps with their formulas as math (``verify.mathtext``), a heat map
of the error of every element of each failing step on its first failing trial (a
transpose, a wrong axis or a broadcast shows as a pattern), the loss's computation graph
(``verify.graph``) and the closed form line by line (``verify.lines``).
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import torch
from torch import Tensor

from derivations.core import Derivation
from verify.exact import is_exact
from verify.graph import Graph, format_short, trace_graph
from verify.lines import ClosedFormLines, closed_form_lines
from verify.mathtext import html_math
from verify.oracle import autograd_gradients
from verify.report import FAILED, DerivationReport, Report, StepReport
from verify.sample import sample_trials

__all__ = ["HEAT_CELLS", "error_map", "html_page", "write_html"]

#: Elements drawn in one heat map at most (rows x columns of its 2-D view).
HEAT_CELLS = 400

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; max-width: 80em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; border-top: 1px solid #ccc;
  padding-top: .8em; } h3 { font-size: 1em; }
table { border-collapse: collapse; margin: .5em 0; }
th, td { padding: .2em .6em; text-align: left; border-bottom: 1px solid #eee;
  vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.verified { color: #17703a; } .failed, .error { color: #b00020; font-weight: bold; }
.inconclusive { color: #9a6700; }
pre { background: #f6f6f6; padding: .8em; white-space: pre-wrap; font-size: .9em; }
table.heat td { width: 2.2em; height: 1.6em; padding: 0; text-align: center;
  font-size: .7em; border: 1px solid #fff; }
ul.graph, ul.graph ul { list-style: none; padding-left: 1.4em;
  border-left: 1px dotted #aaa; }
ul.graph { border-left: none; padding-left: 0; }
.node { font-family: monospace; } .value { color: #555; } .grad { color: #00639b; }
tr.wrong td { background: #fde8ea; }
code { font-family: monospace; }
.math { font-family: "Cambria Math", "STIX Two Math", serif; }
"""


def html_page(report: Report, derivations: Mapping[str, Derivation] | None = None,
              title: str = "verify-grads report") -> str:
    """The page of ``report``; ``derivations`` (by report name) add each failing one's heat
    maps, graph and lines (without them, the page has the table and the messages)."""
    derivations = derivations or {}
    parts = [f"<h1>{html.escape(title)}</h1>",
             f"<p class=\"{'verified' if report.ok else 'failed'}\">"
             f"{html.escape(report.summary())}</p>", _results_table(report)]
    for result in report.results:
        if not result.ok:
            parts.append(_failure(result, derivations.get(result.name)))
    body = "\n".join(parts)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>\n"
            f"<body>\n{body}\n</body></html>\n")


def write_html(page: str, path: str) -> None:
    """Write the page to ``path`` (beside it first, then renamed over it)."""
    from verify.harness import write_file

    write_file(path, page, "the HTML report")


def _results_table(report: Report) -> str:
    rows = []
    for r in report.results:
        trials = "exact" if is_exact(r) else str(r.trials)
        if r.error is not None:
            rows.append(_row(r.name, "-", trials, r.dtype, "-", "-", _verdict("error")))
        for step in r.params:
            rows.append(_row(r.name, step.of, trials, r.dtype, f"{step.max_abs_error:.1e}",
                             f"{step.max_rel_error:.1e}", _verdict(step.verdict)))
    head = "".join(f"<th>{c}</th>" for c in ("derivation", "parameter", "trials", "dtype",
                                             "worst abs err", "worst rel err", "verdict"))
    return f"<table class=\"results\"><tr>{head}</tr>{''.join(rows)}</table>"


def _row(*cells: str) -> str:
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def _verdict(verdict: str) -> str:
    return f"<span class=\"{verdict}\">{verdict}</span>"


def _failure(result: DerivationReport, derivation: Derivation | None) -> str:
    parts = [f"<h2 id=\"{html.escape(result.name)}-{result.dtype}\">{html.escape(result.name)}"
             f" ({result.dtype}): {_verdict(result.verdict)}</h2>",
             f"<pre>{html.escape(result.explain_failure())}</pre>"]
    if result.steps:
        parts.append(_steps_table(result))
    if derivation is None or result.error is not None:
        return "\n".join(parts)
    for step in result.steps:
        if step.verdict == FAILED and step.first_failing:
            parts.append(_heat_map(derivation, result, step))
    inputs = _trial(derivation, result, result.first_wrong_step)
    if inputs is not None:
        parts.append("<h3>The loss's computation graph, traced from its torch operations "
                     f"(forward value, autograd's gradient dL/d), trial "
                     f"{result.first_wrong_step.first_failing[0]}</h3>")
        parts.append(_graph(trace_graph(derivation, inputs)))
        lines = closed_form_lines(derivation, inputs)
        if lines is not None:
            parts.append(_lines(lines))
    return "\n".join(parts)


def _steps_table(result: DerivationReport) -> str:
    rows = "".join(_row(html.escape(s.step), f"<span class=\"math\">{html_math(s.formula)}"
                        "</span>", _verdict(s.verdict),
                        html.escape(s.diagnosis.message if s.diagnosis else ""))
                   for s in result.steps)
    return ("<h3>Steps</h3><table><tr><th>step</th><th>formula</th><th>verdict</th>"
            f"<th>diagnosis</th></tr>{rows}</table>")


def _trial(derivation: Derivation, result: DerivationReport, step: StepReport | None
           ) -> dict[str, Tensor] | None:
    if step is None or not step.first_failing:
        return None
    trial = step.first_failing[0]
    drawn = sample_trials(derivation, trial, trial + 1, result.seed, dtype=torch.float64,
                          device="cpu", sizes=result.sizes or None)
    return {n: v[0] for n, v in drawn.items()}


def error_map(derivation: Derivation, inputs: Mapping[str, Tensor], step: str
              ) -> tuple[Tensor, Tensor]:
    """The derived and autograd values of ``step`` on one trial's ``inputs``, float64."""
    spec = next(s for s in derivation.steps if s.name == step)
    stacked = {n: v[None] for n, v in inputs.items()}
    reference, _ = autograd_gradients(derivation, stacked, [spec.of])
    with torch.no_grad():
        derived = torch.as_tensor(derivation.gradient(**{n: v.clone() for n, v in
                                                         inputs.items()})[step])
    return derived.double().reshape(reference[spec.of][0].shape), reference[spec.of][0]


def _heat_map(derivation: Derivation, result: DerivationReport, step: StepReport) -> str:
    """A table of |derived - autograd| per element, darker where larger; each cell's title
    gives both values."""
    try:
        inputs = _trial(derivation, result, step)
        derived, autograd = error_map(derivation, inputs, step.step)
    except Exception as error:  # the user's code, run once more, may fail now: say so
        return f"<p>No heat map for {html.escape(step.step)}: {html.escape(str(error))}</p>"
    grid_d, grid_a = _two_d(derived), _two_d(autograd)
    error = (grid_d - grid_a).abs()
    top = float(error.max()) or 1.0
    rows = []
    for i in range(min(error.shape[0], HEAT_CELLS // max(1, error.shape[1]) or 1)):
        cells = []
        for j in range(error.shape[1]):
            share = float(error[i, j]) / top
            tip = (f"[{i}, {j}] derived {float(grid_d[i, j]):.6g}, autograd "
                   f"{float(grid_a[i, j]):.6g}")
            cells.append(f"<td style=\"background: rgba(176, 0, 32, {share:.2f}); color: "
                         f"{'#fff' if share > .5 else '#222'}\" title=\"{tip}\">"
                         f"{share:.1f}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    shape = tuple(derived.shape)
    return (f"<h3>Where {html.escape(step.step)} is wrong: |derived - autograd| per element, "
            f"shape {shape}, trial {step.first_failing[0]} (1.0 = the largest, "
            f"{top:.3g})</h3><table class=\"heat\">{''.join(rows)}</table>")


def _two_d(value: Tensor) -> Tensor:
    if value.dim() == 0:
        return value.reshape(1, 1)
    if value.dim() == 1:
        return value.reshape(1, -1)
    return value.reshape(-1, value.shape[-1])


def _graph(graph: Graph) -> str:
    def item(depth_items: list, start: int) -> tuple[str, int]:
        depth, node, again = depth_items[start]
        text = f"<span class=\"node\">{html.escape(node.label)}</span>"
        if again:
            text += " <span class=\"value\">(shown above)</span>"
        else:
            text += f" <span class=\"value\">forward {html.escape(format_short(node.value))}</span>"
            if node.grad is not None:
                text += (f" <span class=\"grad\">dL/d = "
                         f"{html.escape(format_short(node.grad))}</span>")
        children, index = [], start + 1
        while index < len(depth_items) and depth_items[index][0] > depth:
            child, index = item(depth_items, index)
            children.append(child)
        inner = f"<ul>{''.join(children)}</ul>" if children else ""
        return f"<li>{text}{inner}</li>", index

    walked = list(graph.walk())
    root, _ = item(walked, 0)
    return f"<ul class=\"graph\">{root}</ul>"


def _lines(lines: ClosedFormLines) -> str:
    rows = []
    for line in lines.lines:
        found = "<br>".join(html.escape(m) for m in line.matched)
        if line.wrong:
            found += f"{'<br>' if found else ''}<b>first wrong line:</b> {html.escape(line.wrong)}"
        rows.append(f"<tr class=\"{'wrong' if line.wrong else ''}\"><td class=\"num\">"
                    f"{line.number}</td><td><code>{html.escape(line.code)}</code></td>"
                    f"<td>{found}</td></tr>")
    return (f"<h3>The closed form line by line ({html.escape(lines.file)})</h3><table>"
            f"<tr><th>line</th><th>code</th><th>its values are</th></tr>{''.join(rows)}</table>")
