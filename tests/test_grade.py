"""Grading a class: thirteen submissions, each checked apart, into one gradebook."""

from __future__ import annotations

import csv
import json
import pathlib

import pytest

from verify.grade import grade, submissions_in
from verify.honesty import autograd_in_source

SUBMISSIONS = pathlib.Path(__file__).parent / "submissions"

EXPECTED = {  # submission: (verdict of each step, or of the whole file)
    "correct.py": ["verified"] * 6,
    "crashes.py": ["error"],
    "exits.py": ["error"],
    "factor_two.py": ["verified"] + ["failed"] * 5,
    "forgot_hidden_sigmoid.py": ["verified"] * 4 + ["failed"] * 2,
    "hides_autograd.py": ["autograd"] * 6,
    "loops_forever.py": ["timeout"],
    "partial.py": ["verified"] * 3 + ["failed"] * 3,
    "prints_a_lot.py": ["verified"] * 6,
    "sign_flipped.py": ["failed"] * 6,
    "transposed.py": ["verified"] * 2 + ["failed"] + ["verified"] * 3,
    "uses_backward.py": ["autograd"] * 6,
    "uses_torch_func.py": ["autograd"] * 6,
}


@pytest.fixture(scope="module")
def book():
    return grade(submissions_in([str(SUBMISSIONS)]), exercise="mlp_two_layer", trials=24,
                 timeout=6)


def test_every_submission_gets_the_verdicts_expected(book) -> None:
    found = {name: [r.verdict for r in rows] for name, rows in book.submissions().items()}
    assert found == EXPECTED


def test_causes_and_first_wrong_lines_are_in_the_gradebook(book) -> None:
    rows = book.submissions()
    sign = rows["sign_flipped.py"][0]
    assert sign.cause.startswith("derived = -1 x autograd in every trial: the sign is flipped")
    assert sign.first_wrong_line.endswith("sign_flipped.py:28: def dE_dO_k")
    assert rows["partial.py"][3].cause == "the closed form returned no value for this step"
    assert "called sys.exit(3) at" in rows["exits.py"][0].cause
    assert "RuntimeError" in rows["crashes.py"][0].cause
    assert rows["loops_forever.py"][0].cause.startswith("stopped after 6 s")
    hidden = rows["hides_autograd.py"][0].cause
    assert "at run time: " in hidden and "torch.func.grad" in hidden
    assert "in the source" not in hidden  # a name built at run time: only seen running
    assert "in the source: line " in rows["uses_torch_func.py"][0].cause
    assert book.score("forgot_hidden_sigmoid.py") == "4/6"


def test_the_gradebook_is_written_as_csv_and_json(book, tmp_path) -> None:
    csv_path, json_path = book.write(str(tmp_path / "gradebook"))
    with open(csv_path, newline="", encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    assert list(table[0]) == ["submission", "step", "verdict", "cause", "first_wrong_line"]
    assert len(table) == sum(len(v) for v in EXPECTED.values())
    document = json.loads(pathlib.Path(json_path).read_text(encoding="utf-8"))
    entries = {e["submission"]: e for e in document["submissions"]}
    assert entries["correct.py"]["score"] == "6/6"
    assert entries["correct.py"]["verdict"] == "verified"
    assert entries["uses_backward.py"]["verdict"] == "autograd"
    assert entries["loops_forever.py"]["verdict"] == "timeout"


def test_autograd_is_found_in_the_source_outside_the_loss() -> None:
    source = '''
import torch
from torch.func import grad as g


def loss(x):
    return x.requires_grad_().sum()


def dx(x):
    y = torch.zeros(3, requires_grad=True)
    x.backward()
    return torch.autograd.grad(y, x)
'''
    assert autograd_in_source(source) == [
        "line 3: import torch.func", "line 11: requires_grad=", "line 12: .backward",
        "line 13: .autograd"]
    assert autograd_in_source("def loss(x):\n    return x.backward()\n") == []
