"""check(loss, grad, ...): right gradients verify, wrong ones are flagged, misuse is one line."""

from __future__ import annotations

import collections
import dataclasses
import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from derivations import REGISTRY
from verify import UsageError, check, derivation
from verify.errors import GradientMismatch
from verify.sample import sample
from verify.testing import assert_grads_match

TRIALS = 100
# The example: o = sigma(x w^T), L = mse_loss(o, t), x (1, 10), w (1, 10), t (1, 1).
ROW = dict(wrt="w", shapes={"w": (1, 10), "x": (1, 10), "t": (1, 1)}, draws={"t": "uniform"},
           trials=TRIALS)


def row_loss(w, x, t):
    return F.mse_loss(torch.sigmoid(x @ w.T), t)


def row_grad(w, x, t):
    """dL/dw = 2 (o - t) o (1 - o) x."""
    o = 1 / (1 + torch.exp(-(x @ w.T)))
    return 2 * (o - t) * o * (1 - o) * x


def test_the_example_verifies_in_both_dtypes() -> None:
    for dtype in ("float64", "float32"):
        report = assert_grads_match(row_loss, row_grad, dtype=dtype, **ROW)
        assert report.verdict == "verified" and report.dtype == dtype
        assert report.mode == "vectorised"


def test_a_missing_factor_two_is_diagnosed() -> None:
    report = check(row_loss, lambda w, x, t: row_grad(w, x, t) / 2, **ROW)
    assert report.verdict == "failed"
    assert report.steps[0].diagnosis.kind == "factor"
    assert "Diagnosis: derived = 1/2 x autograd" in report.explain_failure()


def test_the_pytest_helper_raises_the_diagnosis() -> None:
    with pytest.raises(GradientMismatch) as caught:
        assert_grads_match(row_loss, lambda w, x, t: -row_grad(w, x, t), **ROW)
    message = str(caught.value)
    first, second = message.splitlines()[:2]
    assert first.startswith("<lambda>: dw (float64): sign: derived = -1 x autograd")
    assert second.startswith("<lambda>: dw does not match autograd (float64, 100 trials")
    assert "Diagnosis: derived = -1 x autograd" in message
    assert message.endswith("Re-run: check(..., trials=100, seed=0, dtype='float64', "
                            "device='cpu')")
    assert isinstance(caught.value, AssertionError)


def affine_loss(x, W, b, dout):
    return (dout * (x @ W + b)).sum()


def affine_grad(x, W, b, dout):
    """dx = dout W^T, dW = x^T dout, db = sum_n dout."""
    return dout @ W.T, x.T @ dout, dout.sum(0)


AFFINE = dict(wrt=("x", "W", "b"), shapes={"x": (4, 3), "W": (3, 2), "b": (2,), "dout": (4, 2)},
              trials=TRIALS)


def test_several_wrt_names_take_one_gradient_each_in_order() -> None:
    report = assert_grads_match(affine_loss, affine_grad, **AFFINE)
    assert [s.of for s in report.steps] == ["x", "W", "b"]
    by_name = check(affine_loss, lambda **a: dict(zip("xWb", affine_grad(**a), strict=True)),
                    **AFFINE)
    assert by_name.ok


def test_the_wrong_number_of_gradients_is_an_error() -> None:
    report = check(affine_loss, lambda x, W, b, dout: affine_grad(x, W, b, dout)[:2], **AFFINE)
    assert report.verdict == "error"
    assert report.error == ("<lambda> returned 2 gradients for 3 in wrt (x, W, b): return one "
                            "per name, in that order")


def test_a_transposed_gradient_names_the_parameter_and_the_transpose() -> None:
    report = check(affine_loss, lambda x, W, b, dout: (dout @ W.T, dout.T @ x, dout.sum(0)),
                   **AFFINE)
    assert report.verdict == "failed" and report.first_wrong_step.of == "W"
    assert report.first_wrong_step.diagnosis.message.startswith(
        "derived has shape (2, 3), autograd (3, 2): transposed")


def test_a_gradient_in_the_wrong_dtype_fails_with_that_reason() -> None:
    report = check(row_loss, lambda w, x, t: row_grad(w, x, t).float(), **ROW)
    assert report.verdict == "failed"
    assert report.steps[0].diagnosis.message.startswith(
        "the closed form returned float32 where the inputs are float64")
    # its values are within float32's rounding: no line counts mismatches it does not have
    assert "mismatches in 0 /" not in report.explain_failure()


def test_a_note_that_every_step_has_alike_is_said_once_naming_them() -> None:
    wider = check(affine_loss, lambda x, W, b, dout: tuple(g.double() for g in affine_grad(
        x, W, b, dout)), **AFFINE, dtype="float32")
    assert wider.verdict == "verified"
    assert wider.notes == ("dx, dW, db: the closed form returned float64 where the inputs are "
                           "float32; judged on its values",)


def test_a_step_named_twice_with_one_note_is_named_once_in_it() -> None:
    wider = check(affine_loss, lambda x, W, b, dout: tuple(g.double() for g in affine_grad(
        x, W, b, dout)), **AFFINE, dtype="float32")
    twice = dataclasses.replace(wider, steps=(*wider.steps, wider.steps[0]))
    assert twice.notes == wider.notes


def test_a_gradient_on_another_device_is_an_error() -> None:
    report = check(row_loss, lambda w, x, t: torch.zeros(1, 10, device="meta"), **ROW)
    assert report.verdict == "error"
    assert report.error == ("<lambda> returned the gradient of 'w' on meta, but the inputs are "
                            "on cpu: compute on the inputs' device")


def test_nan_in_the_gradient_fails_with_that_reason() -> None:
    report = check(row_loss, lambda w, x, t: row_grad(w, x, t) / 0, **ROW)
    assert report.verdict == "failed"
    assert report.steps[0].diagnosis.kind == "nonfinite"


def test_a_loss_that_is_not_a_scalar_is_an_error() -> None:
    report = check(lambda w, x, t: (torch.sigmoid(x @ w.T) - t) ** 2 * torch.ones(2), row_grad,
                   **ROW)
    assert report.verdict == "error"
    assert report.error == ("the loss must return a scalar, but returned shape (1, 2); sum or "
                            "average it")


def test_a_loss_of_one_element_is_that_number_as_backward_takes_it() -> None:
    report = check(lambda w, x, t: (torch.sigmoid(x @ w.T) - t) ** 2, row_grad, **ROW)
    assert report.verdict == "verified", report.error


def _no_return(w, x, t):
    row_loss(w, x, t)


@pytest.mark.parametrize(("loss", "error"), [
    (_no_return, "the loss returned None: return the loss as a scalar tensor (is a return "
                 "missing?)"),
    (lambda w, x, t: row_loss(w, x, t).item(),
     "the loss returned a value of type float, not a tensor: compute it with torch operations "
     "on its inputs, so that autograd can differentiate it"),
    (lambda w, x, t: (x @ w.T > 0).sum(), "the loss returned a tensor of int64: return a "
                                         "real floating-point scalar"),
    (lambda w, x, t: row_loss(w, x, t).detach(),
     "the loss has no autograd history back to w: it was computed without torch operations on "
     "them (a Python number, .item(), .detach(), numpy, torch.no_grad) or does not depend on "
     "them"),
    (lambda w, x, t: ((x - t) ** 2).sum(),
     "the loss has no autograd history back to w: it was computed without torch operations on "
     "them (a Python number, .item(), .detach(), numpy, torch.no_grad) or does not depend on "
     "them"),
])
def test_a_loss_autograd_cannot_differentiate_is_that_derivations_error(loss, error) -> None:
    report = check(loss, row_grad, **ROW)
    assert (report.verdict, report.error) == ("error", error)


class _Hidden(Exception):
    def __str__(self) -> str:
        raise ValueError("no text")


def _hidden_raise(w, x, t):
    raise _Hidden


@pytest.mark.parametrize(("grad", "error"), [
    (lambda w, x, t: (g for g in [row_grad(w, x, t)]),
     "<lambda> returned a value of type generator as the gradient of 'w': return a tensor, an "
     "array or a number"),
    (lambda w, x, t: "2 (o - t) o (1 - o) x",
     "<lambda> returned a value of type str as the gradient of 'w': return a tensor, an array "
     "or a number"),
    (lambda w, x, t: np.empty(w.shape, dtype=object),
     "<lambda> returned a value of type array of object as the gradient of 'w': return a "
     "tensor, an array or a number"),
    (lambda w, x, t: row_grad(w, x, t) + 1j * x,
     "<lambda> returned complex values (complex128) as the gradient of 'w': the gradient of a "
     "real loss with respect to a real input is real (return its real part where the "
     "imaginary part is only rounding)"),
])
def test_a_gradient_that_is_not_numbers_is_that_derivations_error(grad, error) -> None:
    report = check(row_loss, grad, **{**ROW, "dtype": "float64"})
    assert (report.verdict, report.error) == ("error", error)


def test_an_error_whose_text_raises_is_still_one_line() -> None:
    report = check(row_loss, _hidden_raise, numpy=False, **ROW)
    assert report.verdict == "error"
    assert report.error.startswith("_hidden_raise raised _Hidden at ")
    assert report.error.endswith(": <_Hidden>")


def test_a_sparse_gradient_is_compared_as_dense() -> None:
    report = check(row_loss, lambda w, x, t: row_grad(w, x, t).to_sparse(), **ROW)
    assert report.verdict == "verified"


class _RefillsItsBuffer:
    """A layer that keeps one gradient buffer and fills it again on every backward."""

    def __init__(self) -> None:
        self.dw: torch.Tensor | None = None

    def backward(self, w, x, t):
        if float(w.abs().max()) > 1e9:  # data-dependent: one trial at a time
            raise ValueError("huge")
        if self.dw is None or self.dw.shape != w.shape or self.dw.dtype != w.dtype:
            self.dw = torch.zeros_like(w)
        self.dw.zero_()
        self.dw += row_grad(w, x, t)
        return self.dw


def test_a_gradient_buffer_filled_again_on_every_call_keeps_each_trials_values() -> None:
    layer = _RefillsItsBuffer()
    report = check(row_loss, layer.backward, numpy=False, **ROW)
    assert report.verdict == "verified", report.error


def test_a_gradient_that_raises_is_an_error_that_says_where() -> None:
    def grad(w, x, t):
        raise KeyError("delta")

    report = check(row_loss, grad, numpy=False, **ROW)
    assert report.verdict == "error"
    assert report.error.startswith("grad raised KeyError at ")
    assert "test_api.py:" in report.error
    assert report.error.endswith(": 'delta'")

    def unwritten(w, x, t):
        raise NotImplementedError

    report = check(row_loss, unwritten, numpy=False, **ROW)
    assert report.error.startswith("unwritten raised NotImplementedError at ")
    assert re.search(r"test_api\.py:\d+$", report.error), report.error  # nothing after it


@pytest.mark.parametrize(("change", "message"), [
    (dict(wrt="v"), "wrt names 'v', which is not an argument of row_loss(w, x, t)"),
    (dict(shapes={"w": (1, 10), "x": (1, 10)}),
     "no shape for 't', an argument of row_loss(w, x, t): add it to shapes"),
    (dict(shapes={"w": (1, 10), "x": (1, 10), "t": (1, 1), "y": 3}),
     "shapes names 'y', which is not an argument of row_loss(w, x, t)"),
    (dict(draws={"t": "gaussian"}),
     "draws['t']: unknown draw 'gaussian'; use one of normal, uniform, positive, onehot, "
     "labels, fixed"),
    (dict(draws={"t": ("uniform", 0.1, 0.9, 1.0)}),
     "draws['t']: 'uniform' takes (low, high), not ('uniform', 0.1, 0.9, 1.0)"),
    (dict(shapes={"w": "ten", "x": (1, 10), "t": (1, 1)}),
     "input 'w': size 'ten' is not given"),
    (dict(rtol=1e-3), "give both rtol and atol, or neither: a trial passes when "
                      "|derived - autograd| <= atol + rtol x max |autograd|"),
    (dict(trials=0), "trials must be a positive whole number, not 0"),
])
def test_misuse_is_a_usage_error_with_one_clear_line(change: dict, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        check(row_loss, row_grad, **{**ROW, **change})
    assert str(caught.value) == message


def test_a_gradient_that_cannot_take_the_arguments_is_misuse() -> None:
    with pytest.raises(UsageError, match=r"^<lambda> must take the loss's arguments \(w, x, t\)"):
        check(row_loss, lambda w, x: x, **ROW)


def test_draws_reach_the_inputs() -> None:
    def loss(z, t, y, c, s):
        return (z * c * s).sum()

    built = derivation(loss, lambda z, t, y, c, s: c * s, wrt="z",
                       shapes={"z": 3, "t": (2, 3), "y": 5, "s": 3},
                       draws={"t": "onehot", "y": ("labels", 4), "c": 2.5, "s": ("positive", 1.0)})
    drawn = sample(built, 50, 0, dtype=torch.float64, device="cpu")
    assert drawn["t"].shape == (50, 2, 3) and drawn["t"].sum(-1).eq(1).all()
    assert drawn["y"].dtype == torch.int64 and set(drawn["y"].unique().tolist()) == {0, 1, 2, 3}
    assert drawn["c"].shape == (50,) and drawn["c"].eq(2.5).all() and (drawn["s"] > 0).all()
    assert check(built, trials=TRIALS).ok


def test_numpy_gradients_are_detected_and_give_the_same_verdicts() -> None:
    def numpy_grad(w, x, t):
        o = 1 / (1 + np.exp(-np.dot(x, w.T)))
        return 2 * (o - t) * o * (1 - o) * x

    for dtype in ("float64", "float32"):
        torch_report = check(row_loss, row_grad, dtype=dtype, **ROW)
        numpy_report = check(row_loss, numpy_grad, dtype=dtype, **ROW)
        assert numpy_report.mode == "per-trial loop" and torch_report.mode == "vectorised"
        assert numpy_report.verdict == torch_report.verdict == "verified"
        assert numpy_report.steps[0].max_rel_error == pytest.approx(
            torch_report.steps[0].max_rel_error, rel=0.5, abs=1e-12)
    wrong = check(row_loss, lambda w, x, t: numpy_grad(w, x, t) * 3, **ROW)
    assert wrong.verdict == "failed" and "derived = 3 x autograd" in wrong.explain_failure()


def test_code_that_branches_on_values_falls_back_to_the_loop() -> None:
    def grad(w, x, t):
        return row_grad(w, x, t) if float(t.sum()) >= 0 else None

    report = check(row_loss, grad, numpy=False, **ROW)
    assert report.ok and report.mode == "per-trial loop"


def test_user_tolerances_decide_the_verdict() -> None:
    def nearly(w, x, t):
        return row_grad(w, x, t) * (1 + 1e-5)

    assert check(row_loss, nearly, **ROW).verdict == "failed"
    loose = check(row_loss, nearly, rtol=1e-4, atol=0.0, **ROW)
    assert loose.ok
    assert loose.tolerance_rule == "|derived - autograd| <= 0 + 0.0001 x max |autograd|"


def test_a_derivation_object_is_checked_step_by_step() -> None:
    report = assert_grads_match(REGISTRY["mlp_two_layer"], trials=TRIALS)
    assert len(report.steps) == 6
    with pytest.raises(UsageError, match=r"^check\(derivation\) takes no wrt"):
        check(REGISTRY["mlp_two_layer"], wrt="W_ij")


def test_derivation_builds_a_reusable_derivation() -> None:
    built = derivation(row_loss, row_grad, wrt="w", shapes=ROW["shapes"], draws=ROW["draws"],
                       name="row")
    assert built.name == "row" and built.params == ("w",)
    assert check(built, trials=TRIALS).ok


def test_each_origin_repeats_its_check_its_own_way() -> None:
    from verify.report import DerivationReport, Origin

    base = DerivationReport.could_not_run("perceptron", "x", dtype="float64", device="cpu",
                                          trials=5, seed=3)
    again = {kind: dataclasses.replace(base, origin=origin).rerun() for kind, origin in (
        ("builtin", Origin()), ("check", Origin(Origin.CHECK, rtol=0.01, atol=0.001)),
        ("file", Origin(Origin.FILE, "mine.py:perceptron", rtol=0.01, atol=0.001)))}
    assert again["builtin"].startswith("verify-grads perceptron --seed 3 --trials 5")
    assert again["check"] == ("check(..., trials=5, seed=3, dtype='float64', device='cpu', "
                              "rtol=0.01, atol=0.001)")
    assert again["file"].startswith("verify-grads check mine.py:perceptron --seed 3")
    assert again["file"].endswith("--rtol 0.01 --atol 0.001")
    with pytest.raises(ValueError, match="unknown origin"):
        Origin("notebook")


def neuron_loss(w, x, t):
    return 0.5 * (torch.sigmoid(w @ x) - t) ** 2


def neuron_grad_as_floats(w, x, t, scale=1.0):
    """dE/dw_i = (o - t) o (1 - o) x_i, one float per weight, in a flat list."""
    z = sum(float(w[i]) * float(x[i]) for i in range(len(w)))
    o = 1 / (1 + np.exp(-z))
    delta = (o - float(t)) * o * (1 - o)
    return [scale * delta * float(x[i]) for i in range(len(w))]


@pytest.mark.parametrize(("scale", "verified"), [(1.0, True), (2.0, False)])
def test_a_flat_list_of_floats_is_the_one_gradient_of_a_vector(scale, verified) -> None:
    def grad(w, x, t):
        return neuron_grad_as_floats(w, x, t, scale)

    report = check(neuron_loss, grad, wrt="w", shapes={"w": (3,), "x": (3,), "t": ()},
                   trials=TRIALS)
    assert (report.verdict == "verified") is verified, report.first_wrong_step


def biased_neuron_loss(w, b, x, t):
    return 0.5 * (torch.sigmoid(w @ x + b) - t) ** 2


@pytest.mark.parametrize(("scale", "verified"), [(1.0, True), (2.0, False)])
def test_a_list_of_floats_beside_a_float_is_one_vector_gradient(scale, verified) -> None:
    def grad(w, b, x, t):
        z = sum(float(w[i]) * float(x[i]) for i in range(len(w))) + float(b)
        o = 1 / (1 + np.exp(-z))
        delta = (o - float(t)) * o * (1 - o)
        return [scale * delta * float(x[i]) for i in range(len(w))], delta

    report = check(biased_neuron_loss, grad, wrt=("w", "b"),
                   shapes={"w": (3,), "b": (), "x": (3,), "t": ()}, trials=TRIALS)
    assert report.error is None, report.error
    assert (report.verdict == "verified") is verified, report.first_wrong_step


def count_loss(table, tokens):
    return table[tokens].sum()


@pytest.mark.parametrize("as_numpy", [True, False])
def test_an_integer_gradient_is_judged_like_any_other(as_numpy) -> None:
    def grad(table, tokens):
        if as_numpy:
            return np.bincount(np.asarray(tokens), minlength=table.shape[0])
        return torch.bincount(tokens, minlength=table.shape[0])

    for dtype in ("float64", "float32"):
        report = check(count_loss, grad, wrt="table", shapes={"table": (5,), "tokens": (7,)},
                       draws={"tokens": ("labels", 5)}, trials=TRIALS, dtype=dtype)
        assert report.verdict == "verified", (report.error, report.first_wrong_step)


def matrix_loss(W, x):
    return torch.tanh(W @ x).sum()


@pytest.mark.parametrize(("scale", "verified"), [(1.0, True), (2.0, False)])
def test_a_list_of_rows_of_floats_is_the_one_gradient_of_a_matrix(scale, verified) -> None:
    def grad(W, x):
        rows, cols = len(W), len(x)
        out = []
        for i in range(rows):
            z = sum(float(W[i][j]) * float(x[j]) for j in range(cols))
            d = 1 - np.tanh(z) ** 2
            out.append([scale * d * float(x[j]) for j in range(cols)])
        return out

    report = check(matrix_loss, grad, wrt="W", shapes={"W": (2, 3), "x": (3,)}, trials=TRIALS)
    assert report.error is None, report.error
    assert (report.verdict == "verified") is verified, report.first_wrong_step


def gated_loss(w, v, x):
    return (torch.tanh(w * x) * v).sum()


@pytest.mark.parametrize("as_list", [False, True])
@pytest.mark.parametrize(("scale", "verified"), [(1.0, True), (2.0, False)])
def test_two_lists_of_floats_of_one_shape_are_two_gradients(as_list, scale, verified) -> None:
    def grad(w, v, x):
        w, v, x = w.tolist(), v.tolist(), x.tolist()
        dw = [v[i] * (1 - np.tanh(w[i] * x[i]) ** 2) * x[i] for i in range(len(w))]
        dv = [scale * float(np.tanh(w[i] * x[i])) for i in range(len(w))]
        return [dw, dv] if as_list else (dw, dv)

    report = check(gated_loss, grad, wrt=("w", "v"), shapes={"w": (3,), "v": (3,), "x": (3,)},
                   trials=TRIALS)
    assert report.error is None, report.error
    assert (report.verdict == "verified") is verified, report.first_wrong_step


def two_layer_loss(X, W1, b1, W2, y):
    return F.cross_entropy(torch.tanh(X @ W1 + b1) @ W2, y)


def two_layer_grads(X, W1, b1, W2, y):
    """The gradients as a course's dict holds them: keyed dW1, db1, dW2."""
    H = np.tanh(X @ W1 + b1)
    Z = H @ W2
    P = np.exp(Z - Z.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    dZ = (P - np.eye(W2.shape[1])[y]) / len(y)
    dA = (dZ @ W2.T) * (1 - H ** 2)
    return {"dW1": X.T @ dA, "db1": dA.sum(axis=0), "dW2": H.T @ dZ}


TWO_LAYER = dict(wrt=("W1", "b1", "W2"), shapes={"X": (6, 3), "W1": (3, 4), "b1": (4,),
                                                   "W2": (4, 2), "y": (6,)},
                 draws={"y": ("labels", 2)}, trials=30)


def test_gradients_keyed_as_courses_key_them_are_read_by_name() -> None:
    keyed = check(two_layer_loss, two_layer_grads, **TWO_LAYER)
    assert keyed.verdict == "verified", keyed.explain_failure()
    paired = check(two_layer_loss, lambda X, W1, b1, W2, y: (
        0.5, two_layer_grads(X, W1, b1, W2, y)), **TWO_LAYER)
    assert paired.verdict == "verified", paired.explain_failure()
    Grads = collections.namedtuple("Grads", "W2 b1 W1")
    named = check(two_layer_loss, lambda X, W1, b1, W2, y: Grads(**{
        k[1:]: v for k, v in two_layer_grads(X, W1, b1, W2, y).items()}), **TWO_LAYER)
    assert named.verdict == "verified", named.explain_failure()
    held = check(two_layer_loss, lambda X, W1, b1, W2, y: HeldGradients(**{
        k[1:]: v for k, v in two_layer_grads(X, W1, b1, W2, y).items()}), **TWO_LAYER)
    assert held.verdict == "verified", held.explain_failure()


def test_a_loss_returned_before_the_gradients_is_set_aside() -> None:
    """``loss, dW = softmax_loss_vectorized(W, X, y, reg)``, and ``loss, dW1, db1, dW2``."""
    def listed(X, W1, b1, W2, y):
        grads = two_layer_grads(X, W1, b1, W2, y)
        return 0.5, grads["dW1"], grads["db1"], grads["dW2"]

    report = check(two_layer_loss, listed, **TWO_LAYER)
    assert report.verdict == "verified", report.explain_failure()
    one = check(two_layer_loss, lambda X, W1, b1, W2, y: (0.5, listed(X, W1, b1, W2, y)[1]),
                **{**TWO_LAYER, "wrt": "W1"})
    assert one.verdict == "verified", one.explain_failure()
    # two numbers for one scalar parameter may be a gradient too many, not a loss
    extra = check(lambda w, b, x: (w * x + b) ** 2,
                  lambda w, b, x: (2 * (w * x + b) * x, 2 * (w * x + b)),
                  wrt="w", shapes={"w": (), "b": (), "x": ()}, trials=10)
    assert extra.verdict == "error" and "returned 2 gradients for 1" in extra.error


@dataclasses.dataclass
class HeldGradients:
    W2: np.ndarray
    W1: np.ndarray
    b1: np.ndarray


def test_a_dict_without_a_gradient_s_key_says_which_keys_it_has() -> None:
    report = check(two_layer_loss, lambda X, W1, b1, W2, y: {
        f"g{k}": v for k, v in two_layer_grads(X, W1, b1, W2, y).items()}, **TWO_LAYER)
    assert report.verdict == "error"
    assert "returned no gradient for 'W1' (its keys: 'gdW1', 'gdb1', 'gdW2')" in report.error
