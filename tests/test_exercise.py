"""Exercises: the skeleton of a built-in, graded step by step, hints revealed in order."""

from __future__ import annotations

import pathlib

import cli
from derivations import REGISTRY
from verify import verify
from verify.exercise import hints, skeleton, solution, step_function_name
from verify.userfile import find_derivations

SUBMISSIONS = pathlib.Path(__file__).parent / "submissions"


def graded(path: pathlib.Path | str, trials: int = 40):
    [(_, exercise)] = find_derivations(f"{path}:mlp_two_layer")
    return verify(exercise, trials=trials, shrink=False, vary_sizes=False, explain=False)


def test_the_skeleton_has_the_loss_and_one_function_per_step_with_its_shape(tmp_path) -> None:
    text = skeleton("mlp_two_layer")
    compile(text, "mlp_two_layer_exercise.py", "exec")
    assert 'loss = given_loss("mlp_two_layer")' in text
    assert '#     O_j = node("O_j", torch.sigmoid(x_j))' in text
    for step in REGISTRY["mlp_two_layer"].steps:
        assert f"def {step_function_name(step.name)}(O_i, W_ij, W_jk, t):" in text
    assert '"""delta_j: d loss / d x_j, shape (J,) = (6,)."""' in text
    assert '"""dE/dW_ij: d loss / d W_ij, shape (I, J) = (5, 6)."""' in text
    assert "output_delta" not in text and "sigmoid_derivative" not in text  # no solution
    path = tmp_path / "blank.py"
    path.write_text(text, encoding="utf-8")
    report = graded(path, trials=8)
    assert [s.verdict for s in report.steps] == ["failed"] * 6
    assert {s.diagnosis.kind for s in report.steps} == {"missing"}


def test_a_filled_in_correct_file_verifies_every_step() -> None:
    report = graded(SUBMISSIONS / "correct.py")
    assert report.ok and len(report.steps) == 6


def test_a_mistake_gets_the_hints_in_order_shape_cause_formula() -> None:
    report = graded(SUBMISSIONS / "forgot_hidden_sigmoid.py")
    assert [s.verdict for s in report.steps][3:] == ["verified", "failed", "failed"]
    told = hints(report, "mlp_two_layer", 3)
    assert [str(h) for h in told] == [
        "Hint 1 (delta_j): delta_j is d loss / d x_j, of shape (J,) = (6,): the shape of x_j",
        f"Hint 2 (delta_j): {report.steps[4].diagnosis.message}",
        "Hint 3 (delta_j): delta_j = O_j (1 - O_j) sum_k delta_k W_jk (through the hidden "
        "sigmoid: sigma'(x_j) = O_j (1 - O_j))",
    ]
    assert "sigma' = y (1 - y) <= 1/4 is missing" in told[1].text
    assert hints(report, "mlp_two_layer", 1) == told[:1]
    assert hints(graded(SUBMISSIONS / "correct.py"), "mlp_two_layer", 3) == []


def test_the_command_writes_the_file_and_keeps_the_solution_back(tmp_path, capsys) -> None:
    path = tmp_path / "exercise.py"
    assert cli.main(["exercise", "mlp_two_layer", "--output", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == skeleton("mlp_two_layer")
    assert cli.main(["exercise", "mlp_two_layer", "--output", str(path)]) == 2
    assert "exists; --force overwrites it" in capsys.readouterr().err
    assert cli.main(["exercise", "no_such", "--output", str(path)]) == 2
    assert "delta_j = hidden_delta(O_j, dE_dO_j)" in solution("mlp_two_layer")
