"""The harness around the user's code: memory measured per trial, files checked each in a
process of its own, exits, hangs and Ctrl-C survived, strict JSON, exit codes."""

from __future__ import annotations

import io
import json
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch

import cli
from verify import UsageError, harness, verify
from verify import messages as say
from verify.harness import check_files, check_json_path, json_text, write_json
from verify.memory import CPU_BUDGET, budget_bytes, peak_bytes, trials_per_chunk
from verify.report import Origin
from verify.userfile import check_targets

ROOT = Path(__file__).resolve().parent.parent

# -- memory -------------------------------------------------------------------------------


def test_the_peak_counts_what_is_held_at_once() -> None:
    def two_of_three() -> None:
        a = torch.ones(1000, 1000, dtype=torch.float64)
        del a
        b = torch.ones(1000, 1000, dtype=torch.float64)
        c = b * 2
        del c

    assert peak_bytes(two_of_three) == 2 * 8_000_000


def test_inputs_made_before_and_views_and_in_place_writes_are_not_counted() -> None:
    x = torch.ones(1000, dtype=torch.float64)

    def touches() -> None:
        x.mul_(2)
        x[::2].add_(1)
        x.view(10, 100).sum()

    assert peak_bytes(touches) <= 16  # the sum's own result


def test_trials_per_chunk_fits_the_budget_in_whole_blocks() -> None:
    assert trials_per_chunk(1000, 10**6) == 1000
    assert trials_per_chunk(1000, 10**6, block=300) == 900
    assert trials_per_chunk(10**7, 10**6, block=64) == 64  # one block at least
    assert trials_per_chunk(2400) == CPU_BUDGET // 2400
    assert budget_bytes("cpu") == CPU_BUDGET == 1 << 30
    with pytest.raises(ValueError, match="must be positive"):
        trials_per_chunk(0)


# -- each file in a process of its own ----------------------------------------------------

SQUARE = '''\
import torch
from verify import derivation
from helpers import factor


def loss(x):
    return {scale} * (x ** 2).sum()


def grad(x):
    return factor() * x


{name} = derivation(loss, grad, wrt="x", shapes={{"x": (3,)}})
'''

CHECKS = '''\
import os
import sys

import torch
from verify import derivation


def loss(x):
    return (x ** 2).sum()


def right_grad(x):
    return 2 * x


def exits_grad(x):
    sys.exit(0)


def ends_grad(x):
    os._exit(3)


def hangs_grad(x):
    print("hanging", file=sys.stderr, flush=True)
    while True:
        pass


first = derivation(loss, right_grad, wrt="x", shapes={{"x": (3,)}})
{name} = derivation(loss, {name}_grad, wrt="x", shapes={{"x": (3,)}})
last = derivation(loss, right_grad, wrt="x", shapes={{"x": (3,)}})
'''


def _write(path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def _verdicts(report) -> list[tuple[str, str, str]]:
    return [(r.name, r.dtype, r.error or r.verdict) for r in report.results]


def test_each_file_imports_its_own_sibling_modules(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "a" / "helpers.py", "def factor():\n    return 2.0\n")
    _write(tmp_path / "b" / "helpers.py", "def factor():\n    return 3.0\n")
    _write(tmp_path / "a" / "f.py", SQUARE.format(scale=1, name="doubles"))
    _write(tmp_path / "b" / "f.py", SQUARE.format(scale=1.5, name="triples"))
    for order in (["a/f.py", "b/f.py"], ["b/f.py", "a/f.py"]):
        report = check_targets(order, dtypes=["float64"], trials=20)
        assert {(r.name, r.verdict) for r in report.results} == {("doubles", "verified"),
                                                                 ("triples", "verified")}


@pytest.mark.parametrize(("name", "error"), [
    ("exits", "exits_grad called sys.exit(0) at mine.py:17"),
    ("ends", "the process ended (exit code 3) while checking ends ({dtype})"),
])
def test_exits_are_the_error_of_that_check_and_the_others_run(
        tmp_path: Path, monkeypatch, name: str, error: str) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "mine.py", CHECKS.format(name=name))
    _write(tmp_path / "other.py", SQUARE.format(scale=1, name="other"))
    _write(tmp_path / "helpers.py", "def factor():\n    return 2.0\n")
    report = check_targets(["mine.py", "other.py"], dtypes=["float64", "float32"], trials=20)
    results = _verdicts(report)
    assert [r[:2] for r in results] == [(n, d) for n in ("first", name, "last", "other")
                                        for d in ("float64", "float32")]
    for result_name, dtype, outcome in results:
        if result_name == name:
            assert outcome.endswith(error.format(dtype=dtype)), outcome
        else:
            assert outcome == "verified", (result_name, outcome)


def test_a_check_that_hangs_times_out_and_the_others_run(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "mine.py", CHECKS.format(name="hangs"))
    report = check_targets(["mine.py"], dtypes=["float64"], trials=20, timeout=3)
    assert _verdicts(report) == [("first", "float64", "verified"),
                                 ("hangs", "float64", "timed out after 3 s (--timeout)"),
                                 ("last", "float64", "verified")]
    assert report.results[1].origin == Origin(Origin.FILE, "mine.py:hangs")


@pytest.mark.parametrize(("source", "error"), [
    ("import sys\n\nsys.exit(0)\n", "cannot import bad.py: line 3: called sys.exit(0)"),
    ("import os\n\nos._exit(3)\n",
     "cannot import bad.py: the process ended (exit code 3) while importing it"),
    ("while True:\n    pass\n", "cannot import bad.py: timed out after 3 s (--timeout)"),
    # what it raises, even an interrupt of its own (Ctrl-C is the caller's, not the file's)
    ("raise KeyboardInterrupt\n", "cannot import bad.py: line 1: KeyboardInterrupt"),
    ("raise GeneratorExit('bye')\n", "cannot import bad.py: line 1: GeneratorExit: bye"),
    ("class E(Exception):\n    def __str__(self):\n        raise ValueError\n\n\nraise E\n",
     "cannot import bad.py: line 6: E: <E>"),
])
def test_a_file_that_exits_raises_or_hangs_while_imported_is_one_error(
        tmp_path: Path, monkeypatch, source: str, error: str) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "bad.py", source)
    _write(tmp_path / "good.py", SQUARE.format(scale=1, name="good"))
    _write(tmp_path / "helpers.py", "def factor():\n    return 2.0\n")
    report = check_targets(["bad.py", "good.py"], dtypes=["float64"], trials=20, timeout=3)
    assert _verdicts(report) == [("bad.py", "float64", error), ("good", "float64", "verified")]


TF32 = '''\
import torch
from verify import derivation

torch.set_float32_matmul_precision("medium")
{more}


def loss(w, x):
    return torch.sigmoid(x @ w).sum()


def grad(w, x):
    s = torch.sigmoid(x @ w)
    return x.T @ (s * (1 - s))


layer = derivation(loss, grad, wrt="w", shapes={{"w": (3,), "x": (4, 3)}})
'''


@pytest.mark.parametrize("more", ["", "torch.backends.cuda.matmul.fp32_precision = 'tf32'"])
def test_a_file_that_sets_the_matmul_precision_is_checked(tmp_path: Path, monkeypatch,
                                                          more: str) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "tf32.py", TF32.format(more=more))
    report = check_targets(["tf32.py"], dtypes=["float64", "float32"], trials=20)
    assert _verdicts(report) == [("layer", "float64", "verified"),
                                 ("layer", "float32", "verified")]


FORKS = '''\
import os
import subprocess

import torch
from verify import derivation


def loss(x):
    return (x ** 2).sum()


def grad(x):
    subprocess.Popen(["sleep", "600"])
    return 2 * x


left_running = derivation(loss, grad, wrt="x", shapes={"x": (3,)})
'''


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups are POSIX")
def test_processes_the_checked_code_starts_end_with_its_check(tmp_path: Path) -> None:
    _write(tmp_path / "forks.py", FORKS)
    started = time.monotonic()
    result = subprocess.run(f"{sys.executable} -m cli check forks.py --trials 5 --dtype float64 "
                            "-q 2>&1 | cat", shell=True, cwd=tmp_path, capture_output=True,
                            text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert "1 checks: 1 verified" in result.stdout
    assert time.monotonic() - started < 100  # the pipe is not held open by a sleep 600
    left = subprocess.run(["pgrep", "-f", "sleep 600"], capture_output=True, text=True)
    assert left.stdout == "", "a subprocess of the checked code outlived the run"


LEAVES_STATE = '''\
import torch
from verify import derivation


def square_loss(x):
    return (x ** 2).sum()


def patches_grad(x):
    torch.sigmoid = lambda t: t  # left behind for whatever runs next in this process
    return 2 * x


def sigmoid_loss(w, x):
    return torch.sigmoid(x @ w).sum()


def sigmoid_grad(w, x):
    s = torch.sigmoid(x @ w)
    return x.T @ (s * (1 - s)) * {factor}


first = derivation(square_loss, patches_grad, wrt="x", shapes={{"x": (3,)}})
later = derivation(sigmoid_loss, sigmoid_grad, wrt="w", shapes={{"w": (3,), "x": (4, 3)}})
'''


@pytest.mark.parametrize(("factor", "verdict"), [(1, "verified"), (2, "failed")])
def test_a_check_is_not_judged_by_what_an_earlier_check_left_behind(
        tmp_path: Path, monkeypatch, factor: int, verdict: str) -> None:
    """What an earlier check's code replaced is put back (that check is an error: its
    reference ran on the replacement too), so the next is judged on torch's own: right
    code verifies, wrong code fails."""
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "state.py", LEAVES_STATE.format(factor=factor))
    report = check_targets(["state.py"], dtypes=["float64", "float32"], trials=20)
    replaced = ("the code replaced torch.sigmoid while it was checked, and autograd's "
                "reference is computed with it too, so no verdict can be given; it was put "
                "back for the other checks: leave torch's and numpy's functions as they are")
    assert _verdicts(report) == [("first", "float64", replaced), ("first", "float32", replaced),
                                 ("later", "float64", verdict), ("later", "float32", verdict)]


@pytest.mark.parametrize(("name", "error"), [
    ("ends", "verify-grads: error: cannot explain ends: the process ended (exit code 3) "
             "while checking ends (float64)"),
    ("exits", "verify-grads: error: cannot explain exits: exits_grad called sys.exit(0) at "
              "mine.py:17"),
    ("hangs", "verify-grads: error: cannot explain hangs: timed out after 5 s (--timeout)"),
])
def test_explaining_a_file_survives_what_one_derivation_does(
        tmp_path: Path, monkeypatch, run_cli, name: str, error: str) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "mine.py", CHECKS.format(name=name))
    result = run_cli("explain", "mine.py", "--trials", "20", "--timeout", "5")
    assert result.code == 1
    assert "first: right_grad against autograd of loss" in result.out
    assert "last: right_grad against autograd of loss" in result.out
    assert "first: every step verified" in result.out and "last: every step verified" in result.out
    assert result.err.splitlines()[-1] == error, result.err


def test_usage_errors_of_any_file_stop_the_run_before_it_starts(tmp_path: Path,
                                                                monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "good.py", SQUARE.format(scale=1, name="good"))
    _write(tmp_path / "helpers.py", "def factor():\n    return 2.0\n")
    with pytest.raises(UsageError, match=r"^empty.py defines no derivations"):
        _write(tmp_path / "empty.py", "x = 1\n")
        check_targets(["good.py", "empty.py"], dtypes=["float64"], trials=20)
    with pytest.raises(UsageError, match=r"^good has no size 'Q'"):
        check_targets(["good.py"], dtypes=["float64"], trials=20, sizes={"Q": 2})
    with pytest.raises(UsageError,
                       match=r"^timeout must be a positive, finite number of seconds"):
        check_targets(["good.py"], timeout=0)


BREAKS = '''\
import torch
import verify.engine
from verify import derivation


def loss(x):
    return (x ** 2).sum()


def grad(x):
    return 2 * x


def grad_breaking(x):
    def broken(**fields):
        raise RuntimeError("no report can be made")
    verify.engine.DerivationReport = broken  # a fault inside verify-grads, for this test
    return 2 * x


first = derivation(loss, grad_breaking, wrt="x", shapes={"x": (3,)})
second = derivation(loss, grad, wrt="x", shapes={"x": (3,)})
'''


def test_a_bug_in_one_check_is_its_error_and_the_other_checks_still_run(tmp_path: Path,
                                                                        monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "breaks.py", BREAKS)
    _write(tmp_path / "good.py", SQUARE.format(scale=1, name="good"))
    _write(tmp_path / "helpers.py", "def factor():\n    return 2.0\n")
    shown: list[str] = []
    report = check_files(["breaks.py", "good.py"], ["float64", "float32"], {"trials": 5},
                         tracebacks=shown.append)
    ours = say.internal_error_in_check("RuntimeError", "no report can be made")
    assert _verdicts(report) == [
        ("first", "float64", ours), ("first", "float32", ours),
        ("second", "float64", "verified"), ("second", "float32", "verified"),
        ("good", "float64", "verified"), ("good", "float32", "verified")]
    assert report.internal == (("RuntimeError", "no report can be made"),)
    assert report.to_dict()["internal_errors"] == [
        {"kind": "RuntimeError", "message": "no report can be made"}]
    assert any("Traceback" in text and "in broken" in text for text in shown)


def test_the_command_exits_3_for_a_bug_and_keeps_the_other_results(tmp_path: Path,
                                                                   monkeypatch, run_cli) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "breaks.py", BREAKS)
    result = run_cli("check", "breaks.py", "--trials", "5", "--dtype", "float64",
                     "--json", "out.json")
    assert result.code == 3
    assert "second\n  x         float64" in result.out
    assert "2 checks: 1 verified, 0 failed, 1 errors, 0 inconclusive" in result.out
    assert result.err == ("verify-grads: internal error: RuntimeError: no report can be made "
                          "(this is a bug in verify-grads, not in your code; --debug shows the "
                          "traceback)\n")
    document = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert document["internal_errors"] == [
        {"kind": "RuntimeError", "message": "no report can be made"}]
    assert [r["verdict"] for r in document["results"]] == ["error", "verified"]


# -- the command as a program: stdout, pipes, Ctrl-C ----------------------------------------

PRINTS = '''\
import torch
from verify import derivation

print("importing", flush=True)


def loss(x):
    return (x ** 2).sum()


def grad(x):
    print("in grad")
    return 2 * x


loud = derivation(loss, grad, wrt="x", shapes={"x": (3,)})
'''


def _command(*argv: str, cwd: Path, **kwargs) -> subprocess.Popen:
    code = "import sys, cli; sys.exit(cli.main())"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", code, *argv], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def test_json_to_stdout_is_json_alone_whatever_the_file_prints(tmp_path: Path) -> None:
    _write(tmp_path / "loud.py", PRINTS)
    out, err = _command("check", "loud.py", "--trials", "5", "--dtype", "float64",
                        "--json", "-", cwd=tmp_path).communicate(timeout=120)
    assert json.loads(out)["counts"]["verified"] == 1
    assert "importing" in err and "in grad" in err


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    process = _command("perceptron_single", "--trials", "5", "--json", "-", cwd=tmp_path)
    process.stdout.close()  # the reader has gone before a byte is written
    err = process.stderr.read()
    assert process.wait(timeout=120) == 0, err
    assert err == ""


class _Gone(io.StringIO):
    """A stdout whose reader has gone."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


@pytest.mark.parametrize("argv", [["perceptron_single", "--trials", "5"], ["list"]])
def test_a_closed_pipe_ends_the_table_quietly(monkeypatch, capsys, argv) -> None:
    monkeypatch.setattr(sys, "stdout", _Gone())
    assert cli.main(argv) == 0
    assert capsys.readouterr().err == ""


def test_ctrl_c_keeps_what_finished_and_exits_130(tmp_path: Path) -> None:
    _write(tmp_path / "mine.py", CHECKS.format(name="hangs"))
    process = _command("check", "mine.py", "--trials", "5", "--dtype", "float64",
                       "--json", "report.json", cwd=tmp_path, start_new_session=True)
    while process.stderr.readline() not in ("hanging\n", ""):  # the first check has finished
        pass
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err == "verify-grads: interrupted; 1 checks finished\n"
    assert out == ""
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["incomplete"] is True and report["ok"] is False
    assert [r["name"] for r in report["results"]] == ["first"]
    assert not (tmp_path / "report.json.tmp").exists()


def test_ctrl_c_during_the_builtins(run_cli, monkeypatch, tmp_path: Path) -> None:
    calls = []

    def interrupted_on_the_third(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return verify(*args, **kwargs)

    monkeypatch.setattr("verify.harness.verify", interrupted_on_the_third)
    path = tmp_path / "report.json"
    result = run_cli("--trials", "5", "--json", str(path))
    assert result.code == 130
    assert result.err == "verify-grads: interrupted; 2 checks finished\n"
    report = json.loads(path.read_text())
    assert report["incomplete"] is True and len(report["results"]) == 2


def test_ctrl_c_before_any_run(run_cli, monkeypatch) -> None:
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("verify.render.derivations_table", interrupted)
    result = run_cli("list")
    assert (result.code, result.err) == (130, "verify-grads: interrupted\n")


# -- JSON ---------------------------------------------------------------------------------


def _no_constants(name: str) -> None:
    raise AssertionError(f"{name} is not JSON")


def test_json_is_strict_with_non_finite_numbers_as_strings() -> None:
    text = json_text({"a": math.nan, "b": [math.inf, -math.inf, 1.5], "c": (1, None),
                      "d": torch.float64})
    assert json.loads(text, parse_constant=_no_constants) == {
        "a": "NaN", "b": ["Infinity", "-Infinity", 1.5], "c": [1, None], "d": "torch.float64"}


def test_a_report_with_nan_and_inf_is_strict_json(tmp_path: Path, monkeypatch,
                                                  run_cli) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "nan.py", CHECKS.format(name="right").replace(
        "return 2 * x", "return 2 * x / 0"))  # every derivation of it divides by 0
    result = run_cli("check", "nan.py:right", "--trials", "5", "--dtype", "float64",
                     "--json", "r.json")
    assert result.code == 1
    text = (tmp_path / "r.json").read_text()
    report = json.loads(text, parse_constant=_no_constants)
    assert report["results"][0]["verdict"] == "failed"
    assert '"Infinity"' in text or '"NaN"' in text


def test_json_is_written_whole_or_not_at_all(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "r.json"
    write_json({"a": 1}, str(path))
    assert json.loads(path.read_text()) == {"a": 1}

    def fails(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fails)
    with pytest.raises(UsageError, match="No space left on device"):
        write_json({"a": 2}, str(path))
    assert json.loads(path.read_text()) == {"a": 1}
    assert list(tmp_path.iterdir()) == [path]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_a_json_path_in_a_read_only_directory_is_refused(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(UsageError, match="is not writable"):
            check_json_path(str(locked / "r.json"))
    finally:
        locked.chmod(0o700)


def test_ctrl_c_while_a_report_is_read_comes_once_it_is_handed_over() -> None:
    handed = []
    with pytest.raises(KeyboardInterrupt), harness._interrupt_held():
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)  # the signal is delivered here, and held
        handed.append("report")
    assert handed == ["report"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
