"""The progress bar: one bar over every check, only on a terminal, never with --json."""

import io
import sys

from rich.console import Console

import cli
import verify.progress as progress
from verify.progress import TrialsProgress


def _bar(show_after: float) -> tuple[TrialsProgress, io.StringIO]:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100)
    return TrialsProgress(checks=3, trials=100, console=console, show_after=show_after), out


def test_counts_trials_across_checks():
    bar, _ = _bar(show_after=1e9)
    with bar:
        for done in (40, 100, 100, 30, 60, 100):  # check 1 in two chunks, check 2 in one, ...
            bar(done)
    assert bar.done == 300
    assert not bar.shown


def test_a_check_that_stops_early_does_not_overflow_the_bar():
    bar, _ = _bar(show_after=1e9)
    with bar:
        for done in (50, 100, 100, 100, 100):  # one more report than the run has trials
            bar(done)
    assert bar.done == bar.total == 300


def test_drawn_when_the_run_looks_long():
    bar, out = _bar(show_after=0.0)
    with bar:
        bar(50)
    assert bar.shown
    assert "verifying 3 checks" in out.getvalue()


def _bars_made(monkeypatch) -> list:
    """Every TrialsProgress the CLI makes from now on."""
    made = []

    class Recorded(TrialsProgress):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(progress, "TrialsProgress", Recorded)
    return made


def _pretend_terminal(monkeypatch):
    """stdout and stderr (as captured now) claim to be terminals; the bar is drawn at once."""
    monkeypatch.setattr(progress, "SHOW_AFTER", 0.0)
    for stream in (sys.stdout, sys.stderr):
        monkeypatch.setattr(stream, "isatty", lambda: True)


def test_cli_draws_the_bar_on_a_terminal(monkeypatch, capsys):
    _pretend_terminal(monkeypatch)
    made = _bars_made(monkeypatch)
    assert cli.main(["perceptron_single", "--trials", "200", "--dtype", "float64"]) == 0
    assert "verifying 1 checks" in capsys.readouterr().err
    assert len(made) == 1 and made[0].done == 200


def test_cli_draws_no_bar_with_json(monkeypatch, capsys, tmp_path):
    _pretend_terminal(monkeypatch)
    made = _bars_made(monkeypatch)
    path = tmp_path / "report.json"
    assert cli.main(["perceptron_single", "--trials", "200", "--json", str(path)]) == 0
    captured = capsys.readouterr()
    assert made == []
    assert "verifying" not in captured.err + captured.out
    assert path.exists()


def test_cli_draws_no_bar_in_piped_output(monkeypatch, capsys):
    monkeypatch.setattr(progress, "SHOW_AFTER", 0.0)
    made = _bars_made(monkeypatch)
    assert cli.main(["perceptron_single", "--trials", "200"]) == 0
    captured = capsys.readouterr()
    assert made == []
    assert "verifying" not in captured.err + captured.out
    assert "2 checks: 2 verified" in captured.out
