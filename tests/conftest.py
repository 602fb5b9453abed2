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
