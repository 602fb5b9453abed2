"""The verify-grads command: what it prints and how it exits."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pytest
import torch

from derivations import REGISTRY


def table_rows(out: str) -> list[tuple[str, str, str, str]]:
    """(derivation, parameter, dtype, verdict) of each row of the results table, whose rows
    are grouped under their derivation's name."""
    rows, name = [], None
    for line in out.split("\n\n")[0].splitlines()[3:]:
        if not line.startswith(" "):
            name = line.strip()
        else:
            words = line.split()
            dtype = next(w for w in words if w in ("float64", "float32", "float16", "bfloat16"))
            rows.append((name, words[0], dtype, words[-1]))
    return rows


def test_no_arguments_verifies_every_builtin_in_float64_and_float32(run_cli) -> None:
    result = run_cli("--trials", "50")
    assert result.code == 0, result.out + result.err
    rows = table_rows(result.out)
    for name, derivation in REGISTRY.items():
        for dtype in ("float64", "float32"):
            assert [(p, v) for n, p, d, v in rows if (n, d) == (name, dtype)] == \
                [(p, "verified") for p in derivation.params], (name, dtype)
    checks = 2 * len(REGISTRY)
    assert f"{checks} checks: {checks} verified, 0 failed, 0 errors, 0 inconclusive" in result.out
    assert result.err == ""


def test_names_select_derivations(run_cli) -> None:
    result = run_cli("perceptron_single", "--dtype", "float64", "--trials", "20")
    assert result.code == 0
    assert "perceptron_single" in result.out and "mlp_two_layer" not in result.out
    assert "1 checks: 1 verified" in result.out


def test_list_shows_every_builtin(run_cli) -> None:
    result = run_cli("list")
    assert result.code == 0
    for name in REGISTRY:
        assert name in result.out


def test_a_wrong_derivation_exits_1_naming_parameter_element_and_values(
        run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    right = REGISTRY["mlp_two_layer"]

    def wrong(**inputs):
        g = dict(right.gradient(**inputs))
        return {**g, "dE/dW_ij": -g["dE/dW_ij"]}

    monkeypatch.setitem(REGISTRY, "mlp_two_layer", dataclasses.replace(right, gradient=wrong))
    result = run_cli("mlp_two_layer", "--dtype", "float64", "--trials", "30")
    assert result.code == 1
    assert "mlp_two_layer: dE/dW_ij does not match autograd (float64, 30 trials, seed 0)" \
        in result.out
    assert "  derived  dE/dW_ij[" in result.out and "  autograd dE/dW_ij[" in result.out
    assert "Diagnosis: derived = -1 x autograd in every trial: the sign is flipped" in result.out
    assert "1 checks: 0 verified, 1 failed" in result.out


@pytest.mark.parametrize(("argv", "message"), [
    (["nope"], "unknown derivation 'nope'; 'verify-grads list' shows all"),
    (["mlp_two_layr"], "unknown derivation 'mlp_two_layr'; did you mean 'mlp_two_layer'?"),
    (["--trials", "0"], "trials must be a positive whole number, not 0"),
    (["--trials", "many"], "argument --trials: invalid int value: 'many'"),
    (["--dtype", "float8"], "unknown dtype 'float8'"),
    (["--dtype", "float64,float8"], "unknown dtype 'float8'"),
    (["--device", "gpu"], "unknown device 'gpu'"),
    (["--frobnicate"], "unrecognized arguments: --frobnicate"),
    (["list", "extra"], "unrecognized arguments: extra"),
])
def test_bad_usage_exits_2_with_one_line(run_cli, argv: list[str], message: str) -> None:
    result = run_cli(*argv)
    assert result.code == 2
    assert result.err.startswith("verify-grads: error: ")
    assert message in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has CUDA")
def test_cuda_where_there_is_none_exits_2(run_cli) -> None:
    result = run_cli("--device", "cuda")
    assert result.code == 2
    assert result.err.strip() == ("verify-grads: error: CUDA is not available on this machine "
                                  "(torch.cuda.is_available() is False); use --device cpu")


def test_json_report(run_cli, tmp_path) -> None:
    path = tmp_path / "report.json"
    result = run_cli("perceptron_multi", "--trials", "20", "--json", str(path))
    assert result.code == 0
    data = json.loads(path.read_text())
    assert data["ok"] is True
    assert data["counts"]["verified"] == 2
    first = data["results"][0]
    assert first["name"] == "perceptron_multi" and first["verdict"] == "verified"
    assert [s["step"] for s in first["steps"]] == ["dE/dO", "delta", "dE/dw"]


def test_json_to_stdout_prints_only_json(run_cli) -> None:
    result = run_cli("perceptron_multi", "--trials", "20", "--dtype", "float64", "--json", "-")
    assert json.loads(result.out)["counts"]["verified"] == 1


def test_json_to_an_unwritable_path_exits_2_before_the_run(run_cli, tmp_path,
                                                           monkeypatch) -> None:
    def never(*args, **kwargs):
        raise AssertionError("the run started")

    monkeypatch.setattr("verify.harness.verify", never)
    path = tmp_path / "no" / "r.json"
    result = run_cli("perceptron_multi", "--trials", "5", "--json", str(path))
    assert result.code == 2
    assert result.err == (f"verify-grads: error: cannot write the JSON report to {str(path)!r}: "
                          f"there is no directory {tmp_path / 'no'}\n")
    result = run_cli("perceptron_multi", "--json", str(tmp_path))
    assert result.code == 2
    assert result.err.endswith(": it is a directory\n")


def test_a_bug_inside_verify_grads_exits_3_and_says_it_is_ours(run_cli, monkeypatch) -> None:
    def explode(*args, **kwargs):
        raise RuntimeError("out of memory")

    monkeypatch.setattr("verify.harness.verify", explode)
    result = run_cli("--trials", "5")
    assert result.code == 3
    assert result.err == ("verify-grads: internal error: RuntimeError: out of memory (this is a "
                          "bug in verify-grads, not in your code; --debug shows the traceback)\n")
    assert result.out == ""
    with pytest.raises(RuntimeError, match="out of memory"):
        run_cli("--trials", "5", "--debug")


def test_the_command_runs_as_a_program() -> None:
    done = subprocess.run([sys.executable, "-c", "import cli, sys; sys.exit(cli.main())",
                           "perceptron_single", "--trials", "10"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "2 checks: 2 verified" in done.stdout


def test_help_does_not_import_torch() -> None:
    code = "import sys, cli\ntry:\n    cli.main(['--help'])\nexcept SystemExit:\n    pass\n" \
           "print('torch' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.strip().endswith("False"), done.stdout + done.stderr
