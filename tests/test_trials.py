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


def _doubles_in_place_then_branches(args):
    x = args["x"]
    x.mul_(2)
    return {"y": x if float(x.sum()) > 0 else -x}


def test_a_failed_vmap_attempt_leaves_the_inputs_as_they_were():
    given = torch.tensor([[1.0, 2.0], [-3.0, -4.0]])
    tried = {"x": given.clone()}
    result, mode = map_trials(_doubles_in_place_then_branches, tried)
    with forced_mode(PER_TRIAL):
        looped = {"x": given.clone()}
        expected, _ = map_trials(_doubles_in_place_then_branches, looped)
    assert mode == PER_TRIAL
    assert torch.equal(result["y"], expected["y"])
    assert torch.equal(result["y"], torch.tensor([[2.0, 4.0], [6.0, 8.0]]))
    assert torch.equal(tried["x"], looped["x"])  # written once, by the loop


def test_writes_of_a_vectorised_function_reach_the_inputs_as_in_the_loop():
    def halves(args):
        args["x"].mul_(0.5)
        return {"y": args["x"] + 1}

    vectorised, looped = {"x": torch.ones(3, 2)}, {"x": torch.ones(3, 2)}
    assert map_trials(halves, vectorised)[1] == VECTORISED
    assert map_trials(halves, looped, mode=PER_TRIAL)[1] == PER_TRIAL
    assert torch.equal(vectorised["x"], looped["x"])
    assert torch.equal(vectorised["x"], torch.full((3, 2), 0.5))
