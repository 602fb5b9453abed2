"""The command's layout: nothing cut at 80 columns, COLUMNS honoured, no trailing spaces,
paragraphs never hard-wrapped, formulas in Unicode math with an ASCII fallback."""

from __future__ import annotations

import dataclasses

import pytest
from rich.console import Console
from test_cli import table_rows

from derivations import REGISTRY
from verify.render import self_check_view
from verify.report import VERDICTS
from verify.selfcheck import MutantResult, SelfCheck

LONGEST = ["softmax_with_loss_labels", "shopping_apples_oranges", "mlp_deep_relu"]


def _lines(text: str) -> list[str]:
    return text.rstrip("\n").split("\n")


@pytest.mark.parametrize("columns", [80, 120])
def test_results_fit_the_width_and_cut_no_verdict_dtype_or_name(run_cli, monkeypatch,
                                                                 columns: int) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    result = run_cli(*LONGEST, "--trials", "20", "--dtype", "all")
    assert result.code == 0, result.err
    assert max(len(line) for line in _lines(result.out)) <= columns
    assert all(line == line.rstrip() for line in _lines(result.out))
    rows = table_rows(result.out)
    expected = [(name, param, dtype)
                for name in LONGEST for dtype in ("float64", "float32", "float16", "bfloat16")
                for param in REGISTRY[name].params]
    assert [(n, p, d) for n, p, d, _ in rows] == expected
    assert {v for *_, v in rows} <= set(VERDICTS)


def test_a_long_derivation_name_is_one_line_and_the_columns_stay_aligned(
        run_cli, monkeypatch, tmp_path) -> None:
    long_name = "two_layer_network_with_softmax_cross_entropy_and_weight_decay"
    path = tmp_path / "long_names.py"
    path.write_text(
        "from verify import derivation\n"
        "def loss(x, w):\n    return (x * w).sum()\n"
        "def grad(x, w):\n    return x\n"
        f"{long_name} = derivation(loss, grad, wrt='w', shapes={{'x': (3,), 'w': (3,)}})\n"
        "a_weight_with_a_long_name = derivation(loss, grad, wrt='w', "
        "shapes={'x': (3,), 'w': (3,)})\n")
    monkeypatch.setenv("COLUMNS", "80")
    result = run_cli("check", str(path), "--trials", "20", "--dtype", "float64")
    assert result.code == 0, result.err
    lines = _lines(result.out.split("\n\n")[0])
    assert long_name in lines
    rows = [line for line in lines if line.startswith("  ")]
    assert len(rows) == 2
    assert {line.index("float64") for line in rows} == {lines[1].index("dtype")}


def test_paragraphs_are_never_wrapped_whatever_the_width(run_cli, monkeypatch) -> None:
    right = REGISTRY["perceptron_multi"]

    def flipped(**inputs):
        return {k: -v for k, v in right.gradient(**inputs).items()}

    monkeypatch.setitem(REGISTRY, "perceptron_multi", dataclasses.replace(right,
                                                                          gradient=flipped))
    monkeypatch.setenv("COLUMNS", "40")
    result = run_cli("perceptron_multi", "--trials", "20", "--dtype", "float64")
    lines = _lines(result.out)
    diagnosis = next(line for line in lines if line.startswith("Diagnosis: "))
    assert diagnosis.endswith("inside the gradient")
    assert "Re-run: verify-grads perceptron_multi --seed 0 --trials 20 --dtype float64 " \
        "--device cpu" in lines
    assert max(len(line) for line in lines if "─" in line) <= 40


def test_columns_is_honoured_by_the_list(run_cli, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    wide = _lines(run_cli("list").out)
    monkeypatch.setenv("COLUMNS", "40")
    narrow = _lines(run_cli("list").out)
    assert "    L-layer network 5-4-3-2 (L = 4), sigmoid, bias vector b, batch of m" in wide
    assert "    L-layer network 5-4-3-2 (L = 4)," in narrow  # cut between clauses only
    assert "    sigmoid, bias vector b, batch of m" in narrow
    assert max(len(line) for line in narrow[1:]) <= 40


def test_self_check_shows_every_column_at_80() -> None:
    mutants = tuple(MutantResult("missing-activation-derivative", d, dtype, 0, "failed",
                                 "activation-derivative", ("activation-derivative",))
                    for d in ("mlp_two_layer", "mlp_deep_sigmoid")
                    for dtype in ("float64", "float32"))
    console = Console(width=80, record=True)
    console.print(self_check_view(SelfCheck(mutants, ())))
    text = console.export_text()
    assert max(len(line.rstrip()) for line in _lines(text)) <= 80
    header = text.split("─")[0]
    assert all(word in header for word in ("mutant", "built-ins", "killed", "float64",
                                           "float32"))
    row = next(line for line in _lines(text) if line.lstrip().startswith("missing-activ"))
    assert row.split()[1:] == ["2", "2/2", "2/2", "4/4"]
    assert "  activation-derivative" in text


def test_explain_writes_formulas_as_math_or_ascii(run_cli, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    unicode = run_cli("explain", "mlp_two_layer", "--trials", "10").out
    assert "δₖ = (Oₖ - tₖ) Oₖ (1 - Oₖ)" in unicode
    assert "σ′(xₖ) = Oₖ (1 - Oₖ)" in unicode
    plain = run_cli("explain", "mlp_two_layer", "--trials", "10", "--ascii").out
    assert "delta_k = (O_k - t_k) O_k (1 - O_k)" in plain
    assert "sigma'(x_k) = O_k (1 - O_k)" in plain
    assert plain.isascii()
