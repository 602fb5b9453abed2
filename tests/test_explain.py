"""`verify-grads explain`: every built-in rendered as plain text, the shopping numbers exact."""

from __future__ import annotations

import dataclasses

import pytest
import torch
from rich.console import Console

import cli
from derivations import REGISTRY
from verify import verify
from verify.explain import explain, format_value
from verify.mathtext import unicode_math


def render(explanation) -> str:
    console = Console(record=True, width=120)
    console.print(explanation)
    return console.export_text()


@pytest.mark.parametrize("name", list(REGISTRY))
def test_every_builtin_is_explained_step_by_step_with_its_verdicts(name: str) -> None:
    d = REGISTRY[name]
    explanation = explain(d, trials=50)
    text = render(explanation)
    lines = text.splitlines()
    assert lines[0] == f"{name}: {unicode_math(d.title)}"
    assert d.source in text and unicode_math(d.convention or "-") in " ".join(text.split())
    assert "Worked example" in text and "loss" in text
    for step in d.steps:
        assert unicode_math(step.formula) in text, step.formula
    verdicts = text[text.index("Verification against torch.autograd"):].splitlines()
    for number, step in enumerate(d.steps, start=1):
        row = next(line.split() for line in verdicts if line.split()[:1] == [str(number)])
        assert row[1] == step.name.split()[0] and "verified" in row
    assert explanation.ok
    trials = "exact: the book's numbers" if all(i.draw == "fixed" for i in d.inputs) \
        else "50 trials"
    assert f"{name}: every step verified (float64, {trials}, seed 0;" in text


@pytest.mark.parametrize(("name", "lines"), [
    ("shopping_apples", ["price [*]   forward 220   backward dPrice = 1",
                         "apple price [*]   forward 200   backward dApplePrice = 1.1",
                         "apple   forward 100   backward dApple = 2.2",
                         "count   forward 2   backward dCount = 110",
                         "tax   forward 1.1   backward dTax = 200"]),
    ("shopping_apples_oranges", ["price [*]   forward 715   backward dPrice = 1",
                                 "all price [+]   forward 650   backward dAllPrice = 1.1",
                                 "apple   forward 100   backward dApple = 2.2",
                                 "apple_count   forward 2   backward dAppleCount = 110",
                                 "orange   forward 150   backward dOrange = 3.3",
                                 "orange_count   forward 3   backward dOrangeCount = 165",
                                 "tax   forward 1.1   backward dTax = 650"]),
])
def test_shopping_examples_print_the_book_numbers_on_the_graph(name, lines) -> None:
    text = render(explain(REGISTRY[name], trials=10))
    for line in lines:
        assert line in text, line
    assert "0000000" not in text and "9999999" not in text


def test_a_wrong_step_is_explained_with_its_failure() -> None:
    d = REGISTRY["affine_layer"]

    def gradient(**inputs):
        return {**d.gradient(**inputs), "db": inputs["dout"].mean(0)}

    explanation = explain(dataclasses.replace(d, gradient=gradient), trials=20)
    text = render(explanation)
    assert not explanation.ok
    assert "affine_layer: db does not match autograd (float64, 20 trials, seed 0)" in text
    assert "Diagnosis: derived = 1/N (= 1/4) x autograd" in text


def test_numbers_are_written_as_by_hand() -> None:
    assert format_value(torch.tensor(2.2, dtype=torch.float64) * 1) == "2.2"
    assert format_value(torch.tensor(1.1, dtype=torch.float64) * 100) == "110"
    assert format_value(torch.tensor([[1.5, -2.0], [0.25, 3.0]])) == "[[1.5, -2], [0.25, 3]]"
    assert format_value(torch.tensor([2, 0, 1])) == "[2, 0, 1]"


def test_cli_explain_prints_the_example_and_exits_0(capsys) -> None:
    assert cli.main(["explain", "shopping_apples"]) == 0
    out = capsys.readouterr().out
    assert "backward dTax = 200" in out and "every step verified" in out


@pytest.mark.parametrize(("argv", "message"), [
    (["explain", "shopping_apple"], "unknown derivation 'shopping_apple'; did you mean "
                                    "'shopping_apples'? 'verify-grads list' shows all"),
    (["explain"], "the following arguments are required: NAME"),
    (["explain", "chain_rule", "extra"], "unrecognized arguments: extra"),
])
def test_cli_explain_bad_usage_is_one_line_and_exit_2(argv, message, capsys) -> None:
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err


def test_a_step_unstable_in_half_precision_shows_no_float64_worst_element() -> None:
    # the course's sigmoid gives exactly 0 in float16 and its dAL divides 0 by 0; in float64
    # the step passes, so its worst element there would contradict the diagnosis
    from pathlib import Path

    from verify.userfile import find_derivations

    corpus = Path(__file__).parent / "corpus" / "dlspec_deep_network.py"
    case = dict(find_derivations(str(corpus)))["two_layer_model"]
    text = verify(case, trials=200, dtype="float16", shrink=False).explain_failure()
    assert "in float16 the closed form gives NaN or Inf" in text
    assert "Greatest relative difference" not in text
    assert "derived  dW1" not in text
