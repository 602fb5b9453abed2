"""Reports, explanations and the self-check as HTML, for Jupyter's ``_repr_html_``.

Self-contained fragments (one scoped ``<style>``, no scripts, no external files) that read
the same in a notebook, in an exported page and in a browser. Formulas are set as math with
``verify.mathtext.html_math`` (δₖ, W<sup>T</sup>, σ′); failure messages are shown whole, in
a preformatted block, exactly as the terminal prints them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from verify.mathtext import html_math
from verify.report import INCONCLUSIVE, VERIFIED, DerivationReport, Report, StepReport

if TYPE_CHECKING:
    from verify.explain import Explanation
    from verify.selfcheck import SelfCheck

__all__ = ["derivation_html", "explanation_html", "report_html", "self_check_html"]

_STYLE = """<style>
.vg{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;font-size:14px;line-height:1.4}
.vg table{border-collapse:collapse;margin:.3em 0 .8em}
.vg th,.vg td{padding:.15em .7em;text-align:left;vertical-align:top}
.vg th{border-bottom:1px solid #888;font-weight:600}
.vg td.n{text-align:right;font-variant-numeric:tabular-nums}
.vg .math{font-family:"Cambria Math","STIX Two Math","Latin Modern Math",serif;font-size:1.05em}
.vg .why{color:#666;font-size:.9em}
.vg .verified{color:#1a7f37;font-weight:600}
.vg .failed,.vg .error{color:#cf222e;font-weight:600}
.vg .inconclusive{color:#9a6700;font-weight:600}
.vg pre{background:#f6f8fa;padding:.6em;white-space:pre-wrap;font-size:12.5px}
.vg h3{margin:.2em 0}.vg h4{margin:.8em 0 .2em}
.vg ul.graph{margin:.2em 0;padding-left:1.4em}
</style>"""


def report_html(report: Report) -> str:
    """A run: the results table, each failure's message, the summary line."""
    verdict = VERIFIED if report.ok else "failed"
    failures = [_message(r) for r in report.results if not r.ok]
    return _page(_results_table(report.results), *failures,
                 f'<p class="{verdict}">{escape(report.summary())}</p>')


def derivation_html(result: DerivationReport) -> str:
    """One check: its rows, and its failure message when it did not verify."""
    return _page(_results_table([result]), *([] if result.ok else [_message(result)]))


def explanation_html(explanation: Explanation) -> str:
    """A derivation explained: steps with their formulas, the worked example, the graph,
    and each step's verdict."""
    from verify.explain import format_value
    d, example, report = explanation.derivation, explanation.example, explanation.report
    facts = [("source note", escape(d.source)), ("loss", _math(d.convention or "-")),
             ("parameters", _math(", ".join(d.params)))]
    if d.sizes:
        facts.append(("sizes", escape(", ".join(f"{k} = {v}" for k, v in d.sizes.items()))))
    steps = [(str(n), _math(s.name), _math(s.of),
              _math(s.formula) + (f'<br><span class="why">{html_math(s.why)}</span>'
                                  if s.why else ""))
             for n, s in enumerate(d.steps, start=1)]
    inputs = [(_math(i.name), escape(str(tuple(example.inputs[i.name].shape))), escape(i.draw),
               _value(example.inputs[i.name], format_value)) for i in d.inputs]
    nodes = [(_math(name), _value(value, format_value)) for name, value in example.nodes.items()]
    nodes.append(("<b>loss</b>", _value(example.loss, format_value)))
    values = [(_math(s.name), _value(example.steps[s.name], format_value)
               if s.name in example.steps else "(not returned)") for s in d.steps]
    graph = getattr(d, "graph", None)
    return _page(
        f"<h3>{escape(d.name)}: {_math(d.title)}</h3>",
        _table(["", ""], [(f"<i>{k}</i>", v) for k, v in facts], header=False),
        "<h4>Steps</h4>", _table(["#", "step", "d loss / d", "formula, and why"], steps),
        f"<h4>{escape(explanation._example_title())}</h4>",
        _table(["input", "shape", "drawn", "value"], inputs),
        _graph(d, graph, example, format_value) if graph else "",
        _table(["forward: node", "value"], nodes),
        _table(["backward: step", "closed-form value"], values),
        "<h4>Verification against torch.autograd</h4>",
        _table(["#", "step", "verdict", "evidential trials", "worst rel. error"],
               [(str(n), _math(s.step), _verdict(s.verdict), f"{s.evidential} / {s.trials}",
                 f"{s.max_rel_error:.1e}") for n, s in enumerate(report.steps, start=1)],
               numeric=(3, 4)),
        (f'<p class="verified">{escape(report.name)}: every step verified ({report.dtype}, '
         f"{report.trials} trials, seed {report.seed})</p>" if report.ok else _message(report)))


def self_check_html(result: SelfCheck) -> str:
    """The self-check: per mutant, killed per dtype and classified; then the figures."""
    dtypes = list(dict.fromkeys(m.dtype for m in result.mutants))
    rows = []
    for name in dict.fromkeys(m.mutant for m in result.mutants):
        mine = [m for m in result.mutants if m.mutant == name]
        killed = [_fraction([m.killed for m in mine if m.dtype == d and m.expected])
                  if any(m.expected for m in mine if m.dtype == d) else "note" for d in dtypes]
        rows.append((escape(name), escape(" or ".join(mine[0].allowed)),
                     str(len({m.derivation for m in mine})), *killed,
                     _fraction([m.classified for m in mine])))
    verdict = VERIFIED if result.ok else "failed"
    figures = "".join(f'<p class="{verdict}">{escape(line)}</p>' for line in result.summary())
    columns = ["mutant", "expected diagnosis", "built-ins", *(f"killed {d}" for d in dtypes),
               "classified"]
    return _page("<h3>self-check: catalogued wrong derivations</h3>",
                 _table(columns, rows, numeric=tuple(range(2, len(columns)))), figures)


# -- pieces -------------------------------------------------------------------------------


def _page(*parts: str) -> str:
    return f'{_STYLE}<div class="vg">{"".join(parts)}</div>'


def _table(columns: Sequence[str], rows: Iterable[Sequence[str]], *, header: bool = True,
           numeric: tuple[int, ...] = ()) -> str:
    """A table of cells that are already HTML; ``numeric`` columns are right-aligned."""
    head = ("<tr>" + "".join(f"<th>{escape(c)}</th>" for c in columns) + "</tr>"
            if header else "")
    body = "".join("<tr>" + "".join(f'<td class="n">{cell}</td>' if i in numeric
                                    else f"<td>{cell}</td>" for i, cell in enumerate(row))
                   + "</tr>" for row in rows)
    return f"<table>{head}{body}</table>"


def _results_table(results: Sequence[DerivationReport]) -> str:
    precision = any(s.precision is not None for r in results for s in r.steps)
    columns = ["derivation", "parameter", "dtype", "device", "trials", "worst abs err",
               "worst rel err", *(["bits lost"] * precision), "verdict"]
    rows = []
    for result in results:
        for step in result.params or [None]:
            rows.append(_row(result, step, precision))
    return _table(columns, rows, numeric=tuple(range(4, len(columns) - 1)))


def _row(result: DerivationReport, step: StepReport | None, precision: bool) -> list[str]:
    common = [escape(result.name), _math(step.of) if step else "-", escape(result.dtype),
              escape(result.device), str(result.trials)]
    if step is None:
        return [*common, "-", "-", *(["-"] * precision), _verdict(result.verdict)]
    bits = step.precision.describe() if step.precision is not None else "-"
    return [*common, f"{step.max_abs_error:.1e}", f"{step.max_rel_error:.1e}",
            *([escape(bits)] * precision), _verdict(step.verdict)]


def _message(result: DerivationReport) -> str:
    if result.verdict == INCONCLUSIVE:
        from verify.render import failure_text
        text = failure_text(result).plain
    else:
        text = result.explain_failure()
    return f'<pre class="{result.verdict}">{escape(text)}</pre>'


def _graph(d: Any, graph: Mapping[str, tuple[str, tuple[str, ...]]], example: Any,
           shown: Any) -> str:
    """The computation graph, output first: each node's forward and backward values."""
    operands = {name for _, names in graph.values() for name in names}
    root = next(name for name in graph if name not in operands)
    gradient_of = {step.of: step.name for step in d.steps}

    def node(name: str) -> str:
        forward = example.nodes.get(name, example.inputs.get(name))
        step = gradient_of.get(name)
        label = f"<b>{escape(name)}</b>" + (f" [{escape(graph[name][0])}]" if name in graph
                                            else "")
        if forward is not None:
            label += f" forward {escape(shown(forward, 4))}"
        if step is not None and step in example.steps:
            label += (f' <span class="why">backward {_math(step)} = '
                      f"{escape(shown(example.steps[step], 4))}</span>")
        children = "".join(node(child) for child in graph.get(name, ("", ()))[1])
        return f"<li>{label}" + (f'<ul class="graph">{children}</ul>' if children else "") + \
            "</li>"

    return f'<h4>The graph, output first</h4><ul class="graph">{node(root)}</ul>'


def _value(value: Any, shown: Any) -> str:
    rows = [shown(row, 4) for row in value] if value.dim() == 2 else [shown(value, 6)]
    return "<br>".join(f"<code>{escape(r)}</code>" for r in rows)


def _math(text: str) -> str:
    return f'<span class="math">{html_math(text)}</span>'


def _verdict(verdict: str) -> str:
    return f'<span class="{verdict}">{escape(verdict)}</span>'


def _fraction(flags: list[bool]) -> str:
    return f'<span class="{VERIFIED if all(flags) else "failed"}">{sum(flags)}/{len(flags)}</span>'
