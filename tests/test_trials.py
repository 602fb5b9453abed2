"""Mapping over trials: vmap first, the per-trial loop as the fallback or when forced."""

import dataclasses
import math
import warnings

import numpy as np
import pytest
import torch

from derivations.mlp import TWO_LAYER
from verify import derivation, verify
from verify.engine import _closed_form, _guarded, _Run
from verify.sample import sample_trials
from verify.trials import PER_TRIAL, VECTORISED, Rows, forced_mode, map_trials

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


# --- closed forms of numpy arrays, one trial at a time ------------------------------------

def _mlp_loss(O_i, W_ij, W_jk, t):
    return 0.5 * ((torch.sigmoid(torch.sigmoid(O_i @ W_ij) @ W_jk) - t) ** 2).sum()


def _mlp_grad(O_i, W_ij, W_jk, t):
    O_j = 1 / (1 + np.exp(-(O_i @ W_ij)))
    O_k = 1 / (1 + np.exp(-(O_j @ W_jk)))
    delta_k = (O_k - t) * O_k * (1 - O_k)
    return np.outer(O_i, O_j * (1 - O_j) * (W_jk @ delta_k)), np.outer(O_j, delta_k)


_MLP = dict(wrt=("W_ij", "W_jk"), shapes={"O_i": (4,), "W_ij": (4, 3), "W_jk": (3, 2),
                                          "t": (2,)}, draws={"t": "uniform"})


class _Opaque:
    """The gradient behind a plain callable: called and converted once per trial."""

    def __init__(self, gradient):
        self.gradient = gradient

    def __call__(self, **inputs):
        return self.gradient(**inputs)


def _both(grad, spec=_MLP, loss=_mlp_loss, **options):
    """verify() of the numpy closed form, and of the same behind a plain callable."""
    fast = derivation(loss, grad, **spec)
    plain = derivation(loss, grad, **spec)
    plain = dataclasses.replace(plain, gradient=_Opaque(plain.gradient))
    options = {"trials": 300, "seed": 3, "explain": False, "shrink": False, **options}
    return verify(fast, **options), verify(plain, **options)


def _assert_same(a, b):
    assert (a.verdict, a.mode, a.error, a.warnings) == (b.verdict, b.mode, b.error, b.warnings)
    for x, y in zip(a.steps, b.steps, strict=True):
        assert (x.verdict, x.evidential, x.failed_trials, x.first_failing, x.max_rel_error,
                x.diagnosis) == (y.verdict, y.evidential, y.failed_trials, y.first_failing,
                                 y.max_rel_error, y.diagnosis)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_numpy_closed_forms_give_exactly_the_loops_reports(dtype):
    fast, plain = _both(_mlp_grad, dtype=dtype)
    assert fast.verdict == "verified" and fast.mode == PER_TRIAL
    _assert_same(fast, plain)

    def wrong(O_i, W_ij, W_jk, t):
        dW_ij, dW_jk = _mlp_grad(O_i, W_ij, W_jk, t)
        return dW_ij, -dW_jk if float(O_i[0]) > 0 else dW_jk

    fast, plain = _both(wrong, dtype=dtype)
    assert fast.verdict == "failed" and fast.steps[1].failed_trials > 0
    _assert_same(fast, plain)


def test_the_chunk_path_gives_exactly_the_plain_closed_form():
    d = _guarded(derivation(_mlp_loss, _mlp_grad, **_MLP))
    inputs = sample_trials(d, 0, 50, 1, dtype=torch.float64, device="cpu",
                           sizes=d.sizes)
    fast = _closed_form(d, dict(inputs), _Run(torch.float64, None, {}))
    with forced_mode(PER_TRIAL):
        plain = _closed_form(d, dict(inputs), _Run(torch.float64, None, {}))
    assert fast.keys() == plain.keys() == {"dW_ij", "dW_jk"}
    for k in fast:
        assert fast[k].dtype == plain[k].dtype and torch.equal(fast[k], plain[k])


def test_a_closed_form_that_writes_into_its_inputs_sees_fresh_inputs_each_trial():
    seen = []

    def doubles_first(O_i, W_ij, W_jk, t):
        seen.append(O_i.copy())
        O_i *= 2
        return _mlp_grad(O_i / 2, W_ij, W_jk, t)

    fast, plain = _both(doubles_first)
    assert fast.verdict == "verified"
    _assert_same(fast, plain)
    assert any("changed its input 'O_i' in place" in w for w in fast.warnings)
    drawn = sample_trials(derivation(_mlp_loss, _mlp_grad, **_MLP), 0, 300, 3,
                          dtype=torch.float64, device="cpu", sizes={})["O_i"]
    assert len(seen) >= 600  # the vmap attempt, the detection, the fast and plain runs
    assert any(np.array_equal(s, drawn[7].numpy()) for s in seen)
    assert not any(np.array_equal(s, 2 * drawn[7].numpy()) for s in seen)


def test_a_buffer_returned_again_keeps_each_trials_values():
    buffer = np.zeros((3, 2))

    def into_buffer(O_i, W_ij, W_jk, t):
        dW_ij, dW_jk = _mlp_grad(O_i, W_ij, W_jk, t)
        buffer[...] = dW_jk
        return dW_ij, buffer

    fast, plain = _both(into_buffer)
    assert fast.verdict == "verified"
    _assert_same(fast, plain)


def test_an_error_in_trial_7_of_10_is_reported_as_before():
    calls = []

    def seventh_fails(O_i, W_ij, W_jk, t):
        calls.append(isinstance(O_i, np.ndarray))  # a vmap attempt gets no numpy array
        if sum(calls) >= 7 and calls[-1]:  # from the 7th trial on, as a bad input would
            raise ValueError("a shape I did not expect")
        return _mlp_grad(O_i, W_ij, W_jk, t)

    fast = verify(derivation(_mlp_loss, seventh_fails, **_MLP), trials=10, explain=False)
    calls.clear()
    plain = derivation(_mlp_loss, seventh_fails, **_MLP)
    plain = verify(dataclasses.replace(plain, gradient=_Opaque(plain.gradient)), trials=10,
                   explain=False)
    assert fast.error == plain.error
    line = seventh_fails.__code__.co_firstlineno + 3
    assert fast.error == (f"seventh_fails raised ValueError at tests/test_trials.py:{line}: "
                          "a shape I did not expect")


def test_float64_buffers_of_the_users_code_work_in_the_float32_check():
    def into_zeros(O_i, W_ij, W_jk, t):
        dW_ij, dW_jk = np.zeros(W_ij.shape), np.zeros(W_jk.shape)  # float64
        a, b = _mlp_grad(O_i, W_ij, W_jk, t)
        dW_ij[...], dW_jk[...] = a, b
        return dW_ij, dW_jk

    fast, plain = _both(into_zeros, dtype="float32")
    assert fast.verdict == "verified"
    _assert_same(fast, plain)


def test_a_pure_python_scalar_closed_form_runs_as_before():
    def grad(w, x, t):
        w, x, t = float(w), float(x), float(t)
        O = 1 / (1 + math.exp(-w * x))
        return (O - t) * O * (1 - O) * x

    def loss(w, x, t):
        return 0.5 * (torch.sigmoid(w * x) - t) ** 2

    spec = dict(wrt="w", shapes={"w": (), "x": (), "t": ()}, draws={"t": "uniform"})
    fast, plain = _both(grad, spec=spec, loss=loss)
    assert fast.verdict == "verified" and fast.mode == PER_TRIAL
    _assert_same(fast, plain)


def test_rows_stack_as_the_per_trial_conversion():
    shared = np.ones(2)
    rows = [{"a": np.float32(1.5), "b": torch.tensor([1.0, 2.0]), "c": shared, "d": 2.5},
            {"a": np.float32(2.5), "b": np.array([3.0, 4.0]), "c": shared, "d": 3.5},
            {"a": np.float64(3.5), "b": np.array([5.0, 6.0]), "c": shared, "d": 4.5}]
    kept = Rows(3, torch.device("cpu"))
    for row in rows:
        kept.add(row)
        shared += 1  # the conversion copied it: the trial's values are kept
    shared -= 3
    expected = {"a": torch.stack([torch.tensor(np.float32(1.5)), torch.tensor(np.float32(2.5)),
                                  torch.tensor(np.float64(3.5))]),
                "b": torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]).double(),
                "c": torch.tensor([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]], dtype=torch.float64),
                "d": torch.tensor([2.5, 3.5, 4.5], dtype=torch.float64)}
    stacked = kept.stacked()
    for k, v in expected.items():
        assert stacked[k].dtype == v.dtype and torch.equal(stacked[k], v), k


def test_torch_s_note_on_its_slower_vmap_fallback_is_not_shown() -> None:
    """multi_margin_loss has no batching rule: vmap runs it by a loop and torch warns of a
    performance drop, which speaks of torch, not of the code checked."""
    def loss(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return torch.nn.functional.multi_margin_loss(x, y)

    x, y = torch.randn(5, 4, 3, dtype=torch.float64), torch.randint(0, 3, (5, 4))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result, mode = map_trials(lambda a: loss(a["x"], a["y"]), {"x": x, "y": y})
    assert mode == VECTORISED and result.shape == (5,)
    assert not [w for w in caught if "batching rule" in str(w.message)], caught
