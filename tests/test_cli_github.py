"""Under GitHub Actions: error annotations at the gradient's line, and a step summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from verify.annotations import annotation, where
from verify.report import DerivationReport


@pytest.fixture
def actions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wrong_sign_source: str) -> Path:
    """A GitHub Actions job in ``tmp_path`` holding wrong.py; returns the summary file."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "wrong.py").write_text(wrong_sign_source)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    return tmp_path / "summary.md"


def test_a_failure_is_annotated_at_its_first_wrong_line(run_cli, actions: Path) -> None:
    result = run_cli("check", "wrong.py", "--trials", "20", "--dtype", "float64")
    assert result.code == 1
    [line] = [line for line in result.out.splitlines() if line.startswith("::")]
    assert line.startswith("::error file=wrong.py,line=14,title=verify-grads%3A perceptron "
                           "(float64)%3A failed at dw (sign)::perceptron: dw does not match "
                           "autograd (float64, 20 trials, seed 0)%0AMismatched elements")
    assert "%0AFirst wrong line: wrong.py:14: return 2 * (t - o) * o * (1 - o) * x%0A" in line


def test_the_step_summary_is_markdown_with_every_check(run_cli, actions: Path) -> None:
    run_cli("check", "wrong.py", "--trials", "20", "--dtype", "float64,float32")
    summary = actions.read_text()
    assert summary.startswith("### verify-grads: 2 checks: 0 verified, 2 failed, 0 errors, "
                              "0 inconclusive\n")
    assert "| perceptron | w | float32 | 2.0e+00 | ❌ failed |" in summary
    assert "<details><summary>perceptron (float64): failed at dw (sign)</summary>" in summary
    assert "```text\nperceptron: dw does not match autograd (float64" in summary


def test_with_json_on_stdout_annotations_go_to_stderr(run_cli, actions: Path) -> None:
    result = run_cli("check", "wrong.py", "--trials", "20", "--dtype", "float64", "--json",
                     "-")
    assert json.loads(result.out)["counts"]["failed"] == 1
    assert result.err.startswith("::error file=wrong.py,line=14,")


def test_outside_github_actions_nothing_is_annotated(run_cli, actions: Path,
                                                     monkeypatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS")
    result = run_cli("check", "wrong.py", "--trials", "20", "--dtype", "float64")
    assert "::error" not in result.out + result.err
    assert not actions.exists()


def _error(message: str, source: str = "harsh.py") -> DerivationReport:
    return DerivationReport.could_not_run("exits", message, dtype="float32", device="cpu",
                                          trials=5, seed=0, source=source)


def test_errors_point_at_the_line_their_code_raised_at() -> None:
    environ = {"GITHUB_WORKSPACE": "/nowhere"}
    assert where(_error("grad_exits called sys.exit(0) at harsh.py:17"), environ) == \
        ("harsh.py", 17)
    assert where(_error("cannot import broken.py: line 3: NameError: name 'x'"), environ) == \
        ("broken.py", 3)
    assert where(_error("timed out after 10 s (--timeout)"), environ) == ("harsh.py", None)
    assert where(_error("timed out", source="004_note.txt"), environ) == (None, None)


def test_messages_and_properties_are_escaped() -> None:
    line = annotation(_error("100% wrong, a: b\nnext", source="a,b.py"), {})
    assert line == ("::error file=a%2Cb.py,title=verify-grads%3A exits (float32)%3A error%3A "
                    "100%25 wrong%2C a%3A b%0Anext::exits: error (float32, cpu): 100%25 wrong, "
                    "a: b%0Anext")
