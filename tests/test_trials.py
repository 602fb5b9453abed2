"""Mapping over trials: vmap first, the per-trial loop as the fallback or when forced."""

import dataclasses

import pytest
import torch

from derivations.mlp import TWO_LAYER
from verify import verify
from verify.trials import PER_TRIAL, VECTORISED, forced_mode, map_trials

SMALL_MLP = dataclasses.replace(TWO_LAYER, sizes={"I": 3, "J": 2, "K": 2})


def _double(args):
    return {"y": 2 * args["x"]}


def _python_branch(args):
    return {"y": args["x"] * 2 if float(args["x"].sum()) > 0 else -args["x"]}


def test_vmap_first_and_the_loop_as_fallback():
    x = {"x": torch.tensor([[1.0, 2.0], [-3.0, -4.0]])}
    result, mode = map_trials(_double, x)
    assert mode == VECTORISED and torch.equal(result["y"], 2 * x["x"])
    result, mode = map_trials(_python_branch, x)
    assert mode == PER_TRIAL
    assert torch.equal(result["y"], torch.tensor([[2.0, 4.0], [3.0, 4.0]]))


def test_forced_mode_runs_the_loop_and_restores():
    x = {"x": torch.ones(3, 2)}
    with forced_mode(PER_TRIAL):
        assert map_trials(_double, x)[1] == PER_TRIAL
        assert map_trials(_double, x, mode=VECTORISED)[1] == VECTORISED
    assert map_trials(_double, x)[1] == VECTORISED


def test_forced_mode_rejects_unknown_modes():
    with pytest.raises(ValueError, match="mode must be"), forced_mode("fast"):
        pass


def test_the_loop_gives_the_vectorised_report():
    vectorised = verify(SMALL_MLP, trials=200, seed=2)
    with forced_mode(PER_TRIAL):
        looped = verify(SMALL_MLP, trials=200, seed=2)
    assert (vectorised.mode, looped.mode) == (VECTORISED, PER_TRIAL)
    assert looped.verdict == vectorised.verdict == "verified"
    for a, b in zip(looped.steps, vectorised.steps, strict=True):
        assert (a.verdict, a.evidential, a.failed_trials) == (b.verdict, b.evidential,
                                                              b.failed_trials)
        assert a.max_rel_error == pytest.approx(b.max_rel_error, abs=1e-14)
