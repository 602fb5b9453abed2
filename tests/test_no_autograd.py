"""Closed forms never use autograd: not in their source, and not when they run."""

from __future__ import annotations

import ast
import pathlib

import pytest
import torch

from derivations import REGISTRY
from verify.sample import sample

SOURCES = sorted((pathlib.Path(__file__).parents[1] / "derivations").glob("*.py"))
FORBIDDEN_ATTRIBUTES = {"backward", "requires_grad", "requires_grad_", "grad", "autograd", "func"}


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_derivations_source_never_touches_autograd(path: pathlib.Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            assert node.attr not in FORBIDDEN_ATTRIBUTES, f"{path.name}:{node.lineno} .{node.attr}"
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] + [getattr(node, "module", "") or ""]
            assert not any("autograd" in n or n.startswith("torch.func") for n in names), (
                f"{path.name}:{node.lineno} imports {names}")
        if isinstance(node, ast.keyword):
            assert node.arg != "requires_grad", f"{path.name}:{node.lineno} requires_grad="


@pytest.mark.parametrize("name", list(REGISTRY))
def test_closed_forms_run_with_autograd_switched_off(name: str, monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("a closed form called autograd")

    monkeypatch.setattr(torch.autograd, "grad", refuse)
    monkeypatch.setattr(torch.Tensor, "backward", refuse)
    d = REGISTRY[name]
    inputs = sample(d, 1, 0, dtype=torch.float64, device="cpu")
    with torch.inference_mode():
        grads = d.gradient(**{n: v[0] for n, v in inputs.items()})
    assert all(not g.requires_grad for g in grads.values())
