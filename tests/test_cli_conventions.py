"""The command follows the conventions: subcommands with options anywhere, help, --version,
-q/-v, selection by family and glob, explain for a file's derivations, python -m verify."""

from __future__ import annotations

import dataclasses
import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from test_cli import table_rows

import cli
from derivations import REGISTRY

RAISES = '''
import torch

from verify import derivation


def loss(x):
    return (x ** 2).sum()


def grad(x):
    raise RuntimeError("not derived yet")


square = derivation(loss, grad, wrt="x", shapes={"x": (3,)})
'''


@pytest.fixture
def wrong_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
               wrong_sign_source: str) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "wrong.py"
    path.write_text(wrong_sign_source)
    return path


def test_options_may_come_before_the_command(run_cli) -> None:
    result = run_cli("--trials", "10", "--debug", "explain", "chain_rule")
    assert result.code == 0, result.err
    assert "chain_rule: every step verified (float64, 10 trials" in result.out


def test_debug_before_list_is_an_option_not_a_name(run_cli) -> None:
    result = run_cli("--debug", "list")
    assert result.code == 0 and result.err == ""
    assert all(name in result.out for name in REGISTRY)


def test_check_takes_files_between_its_options(run_cli, wrong_file: Path) -> None:
    result = run_cli("--trials", "20", "check", "--dtype", "float64", wrong_file.name, "-q")
    assert result.code == 1, result.err
    assert "perceptron: dw does not match autograd (float64, 20 trials, seed 0)" in result.out


def test_help_lists_every_command_and_help_command_shows_one(run_cli) -> None:
    overview = run_cli("help")
    assert overview.code == 0
    for name in cli.COMMANDS:
        assert f"\n    {name}" in overview.out, name
    assert run_cli("--help").out == overview.out
    check = run_cli("help", "check")
    assert check.code == 0 and check.out.startswith("usage: verify-grads check")
    assert "--timeout SECONDS" in check.out
    wrong = run_cli("help", "nope")
    assert wrong.code == 2
    assert wrong.err.startswith("verify-grads: error: no command 'nope'; the commands are "
                                "run, list, explain, check, self-check")


def test_a_missing_argument_points_at_its_own_command_help(run_cli) -> None:
    result = run_cli("explain")
    assert result.code == 2
    assert result.err.endswith("(see verify-grads explain --help)\n")


def test_version_names_the_tool_torch_and_python(run_cli) -> None:
    import torch
    result = run_cli("--version")
    assert result.code == 0
    assert result.out.startswith("verify-grads ")
    assert f"torch {torch.__version__}" in result.out and "python 3." in result.out


def test_python_dash_m_verify_is_the_command() -> None:
    done = subprocess.run([sys.executable, "-m", "verify", "chain_rule", "--trials", "5",
                           "--dtype", "float64"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "1 checks: 1 verified" in done.stdout


@pytest.mark.parametrize(("pattern", "expected"), [
    ("mlp", [n for n in REGISTRY if n.startswith("mlp_")]),
    ("mlp_deep_*", ["mlp_deep_sigmoid", "mlp_deep_bias_unit", "mlp_deep_tanh", "mlp_deep_relu"]),
    ("*softmax*", ["softmax_with_loss", "softmax_with_loss_labels"]),
])
def test_selection_by_family_and_glob(pattern: str, expected: list[str]) -> None:
    from verify.selection import select
    assert [d.name for d in select([pattern])] == expected


def test_a_glob_that_matches_nothing_exits_2(run_cli) -> None:
    result = run_cli("nothing_*")
    assert result.code == 2
    assert result.err == ("verify-grads: error: no derivation matches 'nothing_*'; "
                          "'verify-grads list' shows all 19\n")


def test_quiet_prints_failures_and_summary_only(run_cli, wrong_file: Path) -> None:
    quiet = run_cli("check", wrong_file.name, "--trials", "20", "--dtype", "float64", "-q")
    assert "derived gradients vs torch.autograd" not in quiet.out
    assert quiet.out.startswith("perceptron: dw does not match autograd")
    assert quiet.out.rstrip().endswith("1 checks: 0 verified, 1 failed, 0 errors, 0 inconclusive")


def test_verbose_adds_a_row_for_every_inner_step(run_cli) -> None:
    plain = table_rows(run_cli("mlp_two_layer", "--trials", "20", "--dtype", "float64").out)
    loud = table_rows(run_cli("mlp_two_layer", "--trials", "20", "--dtype", "float64",
                              "-v").out)
    assert [p for _, p, _, _ in plain] == ["W_jk", "W_ij"]
    assert [p for _, p, _, _ in loud] == ["O_k", "x_k", "W_jk", "O_j", "x_j", "W_ij"]


def test_explain_a_derivation_of_a_file(run_cli, wrong_file: Path) -> None:
    result = run_cli("explain", f"{wrong_file.name}:perceptron", "--trials", "20")
    assert result.code == 1
    assert result.out.startswith("perceptron: ")
    assert "Verification against torch.autograd" in result.out
    assert "perceptron: dw does not match autograd (float64, 20 trials, seed 0)" in result.out


def test_explain_a_file_whose_gradient_raises_is_its_error(run_cli, tmp_path: Path,
                                                           monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "raises.py").write_text(RAISES)
    result = run_cli("explain", "raises.py", "--trials", "5")
    assert result.code == 1
    assert result.err == ("verify-grads: error: cannot explain square: grad raised "
                          "RuntimeError at raises.py:12: not derived yet\n")


def test_explain_an_unknown_name_suggests_the_closest(run_cli) -> None:
    result = run_cli("explain", "chain_rul")
    assert result.code == 2
    assert "unknown derivation 'chain_rul'; did you mean 'chain_rule'?" in result.err


def test_rerun_commands_are_shell_quoted(tmp_path: Path, monkeypatch) -> None:
    from verify.report import DerivationReport, Origin
    monkeypatch.chdir(tmp_path)
    report = DerivationReport.could_not_run("perceptron", "x", dtype="float64", device="cpu",
                                            trials=5, seed=0)
    named = "x;echo hi;#.py"
    report = dataclasses.replace(report, origin=Origin(Origin.FILE, f"{named}:perceptron"))
    command = report.rerun()
    assert "\n" not in command
    assert shlex.split(command)[:3] == ["verify-grads", "check", f"{named}:perceptron"]
    shown = subprocess.run(["bash", "-c", command.replace("verify-grads", "printf '%s\\n'", 1)],
                           capture_output=True, text=True, timeout=30).stdout.splitlines()
    assert "hi" not in shown and shown[:2] == ["check", f"{named}:perceptron"]


def test_list_json_is_every_builtin(run_cli) -> None:
    result = run_cli("list", "--json")
    assert result.code == 0
    data = json.loads(result.out)
    assert data["kind"] == "derivations"
    assert [d["name"] for d in data["derivations"]] == list(REGISTRY)
    mlp = data["derivations"][4]
    assert mlp["family"] == "mlp" and mlp["parameters"] == ["W_jk", "W_ij"]
    assert mlp["steps"][1]["formula"] == "delta_k = (O_k - t_k) O_k (1 - O_k)"
