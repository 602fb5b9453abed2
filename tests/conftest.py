"""Shared helpers: run the CLI in-process and read what it printed."""

from __future__ import annotations

import pytest
import torch

import cli


class CliRun:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]):
    """Call ``cli.main(argv)`` and return its exit code, stdout and stderr."""
    def run(*argv: str) -> CliRun:
        code = cli.main(list(argv))
        captured = capsys.readouterr()
        return CliRun(code, captured.out, captured.err)
    return run


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if torch.cuda.is_available():
        return
    skip = pytest.mark.skip(reason="CUDA is not available")
    for item in items:
        if "cuda" in item.keywords:
            item.add_marker(skip)


#: A user's file whose perceptron gradient has its sign flipped (``t - o`` for ``o - t``).
WRONG_SIGN_SOURCE = '''
import torch
import torch.nn.functional as F

from verify import derivation


def loss(w, x, t):
    return F.mse_loss(torch.sigmoid(x @ w.T), t)


def grad(w, x, t):
    o = torch.sigmoid(x @ w.T)
    return 2 * (t - o) * o * (1 - o) * x


perceptron = derivation(loss, grad, wrt="w", shapes={"w": (1, 4), "x": (1, 4), "t": (1, 1)},
                        draws={"t": "uniform"}, name="perceptron")
'''


@pytest.fixture(scope="session")
def wrong_sign_source() -> str:
    """The text of a user's file with one wrong derivation, ``perceptron``: a sign flip."""
    return WRONG_SIGN_SOURCE
