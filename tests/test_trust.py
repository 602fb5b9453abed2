"""Trust on real code: correctness decided in float64, precision measured in low dtypes,
kinks, small mismatches, zero gradients, and sizes and scales that vary."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from verify import check, verify
from verify.api import derivation
from verify.compare import PRECISION_BITS, PrecisionTally
from verify.kinks import subgradient_at_kink

LOW = ("float32", "float16", "bfloat16")


def exp_loss(x):
    return torch.exp(x).sum()


def exp_grad(x):
    return torch.exp(x)


@pytest.mark.parametrize("dtype", LOW)
def test_a_math_error_fails_in_every_dtype_with_the_float64_story(dtype: str) -> None:
    for wrong, kind in ((lambda x: 1.02 * torch.exp(x), "factor"),
                        (lambda x: -torch.exp(x), "sign")):
        report = check(exp_loss, wrong, wrt="x", shapes={"x": (6,)}, trials=200, dtype=dtype)
        assert report.verdict == "failed"
        assert report.steps[0].diagnosis.kind == kind
        assert (f"Decided in float64 on the same {dtype}-rounded inputs"
                in report.explain_failure())


def test_an_overflowing_float16_autograd_never_loosens_the_tolerance() -> None:
    """exp(x) overflows float16 past x = 11: autograd's own float16 gradient is Inf there."""
    spec = dict(wrt="x", shapes={"x": (6,)}, draws={"x": ("normal", 6.0)}, trials=200,
                dtype="float16")
    assert check(exp_loss, exp_grad, **spec).verdict == "verified"
    for wrong in (lambda x: -torch.exp(x), lambda x: torch.zeros_like(x)):
        assert check(exp_loss, wrong, **spec).verdict == "failed"


def test_numpy_float64_buffers_in_a_float32_check_are_a_note() -> None:
    def grad(x, W):
        dW = np.zeros(W.shape)               # float64, whatever the inputs are
        dW += x.T @ (x @ W)
        return dW

    def loss(x, W):
        return 0.5 * ((x @ W) ** 2).sum()

    for dtype in LOW:
        report = check(loss, grad, wrt="W", shapes={"x": (4, 3), "W": (3, 2)}, trials=100,
                       dtype=dtype)
        assert report.verdict == "verified", report.explain_failure()
        assert any(f"returned float64 where the inputs are {dtype}; judged on its values" in n
                   for n in report.notes)


def test_a_float32_result_in_a_float64_check_fails_as_dtype() -> None:
    report = check(exp_loss, lambda x: torch.exp(x).float(), wrt="x", shapes={"x": (6,)},
                   trials=100)
    assert report.verdict == "failed"
    assert report.steps[0].diagnosis.kind == "dtype"
    # its values agree within float32's rounding: the failure says what is wrong instead
    assert "dx is not computed in float64" in report.explain_failure().splitlines()[0]


def _fold(bits_lost: list[float], nonfinite: int = 0) -> PrecisionTally:
    """A float32 precision tally of trials whose closed form loses ``bits_lost`` bits."""
    trials = len(bits_lost)
    reference = torch.ones(trials, 3, dtype=torch.float64)
    baseline = reference + 1e-6
    derived = reference + 1e-6 * torch.tensor(bits_lost, dtype=torch.float64).exp2()[:, None]
    derived[:nonfinite] = math.nan
    tally = PrecisionTally(torch.float32)
    tally.fold(derived, baseline, reference, torch.ones(trials, dtype=torch.float64),
               torch.ones(trials, dtype=torch.bool), 0)
    return tally


def test_one_ill_conditioned_trial_is_reported_not_failed() -> None:
    tally = _fold([0.0] * 99 + [12.0])
    assert not tally.failed
    assert tally.imprecise == 1 and tally.worst_trial == 99
    assert tally.worst_bits == pytest.approx(12.0)


def test_the_precision_rule_fails_past_ten_percent_of_trials() -> None:
    at_the_edge = _fold([0.0] * 90 + [PRECISION_BITS + 1] * 10)
    assert not at_the_edge.failed                                  # 10%: not more than 10%
    assert _fold([0.0] * 89 + [PRECISION_BITS + 1] * 11).failed
    assert not _fold([0.0] * 80 + [PRECISION_BITS - 0.5] * 20).failed   # under the bits
    assert _fold([0.0] * 99, nonfinite=1).failed                   # NaN where autograd is not


def test_clamp_ties_in_bfloat16_are_kinks_not_failures() -> None:
    """Rounding to bfloat16 puts inputs exactly on the clamp's bounds: autograd passes the
    gradient there, this mask does not; both are subgradients."""
    def loss(x):
        return (torch.clamp(x, -1, 1) * torch.arange(1.0, 21.0, dtype=x.dtype)).sum()

    def grad(x):
        inside = ((x > -1) & (x < 1)).to(x.dtype)
        return inside * torch.arange(1.0, 21.0, dtype=x.dtype)

    report = check(loss, grad, wrt="x", shapes={"x": (20,)}, trials=1000, dtype="bfloat16")
    assert report.verdict == "verified", report.explain_failure()
    assert report.steps[0].kinks > 0
    assert any("at a kink" in n for n in report.notes)
    wrong = check(loss, lambda x: 2 * grad(x), wrt="x", shapes={"x": (20,)}, trials=200,
                  dtype="bfloat16")
    assert wrong.verdict == "failed"


def test_a_subgradient_is_accepted_only_at_a_kink() -> None:
    d = derivation(lambda x: torch.relu(x).sum(), lambda x: (x > 0).double(), wrt="x",
                   shapes={"x": (3,)})
    at_zero = {"x": torch.tensor([[0.0, 1.0, -1.0]], dtype=torch.float64)}
    autograd = torch.tensor([[0.0, 1.0, 0.0]], dtype=torch.float64)
    one_sided = torch.tensor([[1.0, 1.0, 0.0]], dtype=torch.float64)
    assert subgradient_at_kink(d, at_zero, "x", one_sided, autograd).tolist() == [True]
    too_far = torch.tensor([[2.0, 1.0, 0.0]], dtype=torch.float64)
    assert subgradient_at_kink(d, at_zero, "x", too_far, autograd).tolist() == [False]
    smooth = {"x": torch.tensor([[0.5, 1.0, -1.0]], dtype=torch.float64)}
    wrong = torch.tensor([[0.0, 1.0, 0.0]], dtype=torch.float64)
    right = torch.tensor([[1.0, 1.0, 0.0]], dtype=torch.float64)
    assert subgradient_at_kink(d, smooth, "x", wrong, right).tolist() == [False]


def test_weights_that_start_at_a_kink_are_accepted_in_every_trial_not_the_first_256() -> None:
    """Zero-initialised weights put every trial at ReLU's kink; a closed form that takes
    relu'(0) = 1 is a subgradient in each one, however many trials are drawn."""
    def loss(w, x, t):
        return ((torch.relu(x @ w) - t) ** 2).sum()

    def grad(w, x, t):
        z = x @ w
        return x.T @ (2 * (torch.relu(z) - t) * (z >= 0))

    spec = dict(wrt="w", shapes={"w": (3,), "x": (1, 3), "t": (1,)},
                draws={"w": ("fixed", torch.zeros(3))}, dtype="float64")
    report = check(loss, grad, **spec, trials=600)
    assert report.verdict != "failed", report.explain_failure()
    assert report.steps[0].kinks >= 600
    wrong = check(loss, lambda w, x, t: grad(w, x, t) + 0.5, **spec, trials=600)
    assert wrong.verdict == "failed"


def test_ties_of_max_pooling_weighed_with_both_signs_are_tested_window_by_window() -> None:
    """Each tied window splits its gradient evenly: a subgradient of every window's max.
    Along the joint direction the convex windows' jumps and the concave ones' cancel; each
    element alone is within its kink, and all moved together add up to each window's
    derivative. Half of w to each of four elements is within each kink alone, and twice
    the window's derivative together: it fails."""
    def loss(x, w):
        return (F.max_pool1d(x[None], 4)[0] * w).sum()

    def grad(x, w):
        return w.repeat_interleave(4) / 4

    spec = dict(wrt="x", shapes={"x": (16,), "w": (4,)},
                draws={"x": ("fixed", torch.ones(16))}, dtype="float64", trials=300)
    report = check(loss, grad, **spec)
    assert report.verdict == "verified", report.explain_failure()
    assert report.steps[0].kinks > 0
    wrong = check(loss, lambda x, w: w.repeat_interleave(4) / 2, **spec)
    assert wrong.verdict == "failed"


def test_a_library_epsilon_below_the_floor_in_most_trials_is_a_note_however_many() -> None:
    """F.cosine_embedding_loss adds 1e-12 to each squared norm: nearly every trial differs
    from the exact cosine's gradient by less than 1e-10 of its scale, a rare one by a
    little more. The few above the floor are too few to be a mistake."""
    def loss(a, b):
        return F.cosine_embedding_loss(a, b, torch.ones(a.shape[0], dtype=a.dtype))

    def grad(a, b):
        na, nb = a.norm(dim=1, keepdim=True), b.norm(dim=1, keepdim=True)
        c = (a * b).sum(1, keepdim=True) / (na * nb)
        n = a.shape[0]
        return -(b / (na * nb) - c * a / na ** 2) / n, -(a / (na * nb) - c * b / nb ** 2) / n

    report = check(loss, grad, wrt=("a", "b"), shapes={"a": (4, 3), "b": (4, 3)},
                   trials=1000, dtype="float64")
    assert report.verdict == "verified", report.explain_failure()
    assert any("by more than 1e-10: too few" in n for s in report.steps for n in s.notes)


def weight_decay_loss(w, x, lam):
    return 0.5 * ((x @ w) ** 2).sum() + lam * (w ** 2).sum()


def test_a_forgotten_weight_decay_of_lambda_1e_8_is_caught() -> None:
    spec = dict(wrt="w", shapes={"w": (3,), "x": (4, 3)}, draws={"lam": 1e-8}, trials=200)
    right = check(weight_decay_loss, lambda w, x, lam: x.T @ (x @ w) + 2 * lam * w, **spec)
    assert right.verdict == "verified"
    forgotten = check(weight_decay_loss, lambda w, x, lam: x.T @ (x @ w), **spec)
    assert forgotten.verdict == "failed"
    assert forgotten.steps[0].diagnosis.kind == "small"


@pytest.mark.parametrize(("beta", "scale"), [(1.0, 8.0), (100.0, 1.0)])
def test_softplus_past_its_threshold_is_torch_s_approximation(beta: float, scale: float) -> None:
    """F.softplus is exactly linear past beta x = 20; its true derivative there is
    sigma(beta x) = 1 - e^-(beta x). At beta 1 a few draws of scale 8 pass 20, at beta 100
    (the softplus of an SDF network) most draws of scale 1: a closed form of the formula
    is right in both, in every trial."""
    def loss(x):
        return F.softplus(x, beta=beta).sum()

    report = check(loss, lambda x: torch.sigmoid(beta * x), wrt="x", shapes={"x": (8,)},
                   draws={"x": ("normal", scale)}, trials=400)
    assert report.verdict == "verified", report.explain_failure()
    assert not any("small" in n for n in report.notes), report.notes
    wrong = check(loss, lambda x: torch.sigmoid(beta * x) * (1 + 5e-8), wrt="x",
                  shapes={"x": (8,)}, draws={"x": ("normal", scale)}, trials=400)
    assert wrong.verdict == "failed"


def test_a_branch_only_large_inputs_reach_is_checked() -> None:
    """Wrong only past x = 20: never reached at input scale 1, reached at scale 8."""
    def wrong(x):
        return torch.where(x > 20, torch.zeros_like(x), torch.sigmoid(x))

    report = check(lambda x: F.softplus(x).sum(), wrong, wrt="x", shapes={"x": (8,)},
                   draws={"x": ("normal", 3.0)}, trials=1000)
    assert report.verdict == "failed"
    assert report.steps[0].diagnosis.message.startswith("passes at input scale 1, fails at "
                                                        "input scale 8: ")
    assert any("input scales: 1000 trials at scale 1" in c for c in report.coverage)


def test_a_loss_that_rounds_its_sigmoid_to_one_is_no_reference_there() -> None:
    """binary_cross_entropy(sigmoid(z)): at scale 8 the sigmoid of z > 37 rounds to exactly
    1 and the clamped log(1 - a) makes autograd's gradient vanish, where the textbook
    x (a - y) is exact. Such trials are a note; a wrong sign still fails at scale 1."""
    def loss(w, x, y):
        return F.binary_cross_entropy(torch.sigmoid(x @ w), y)

    def grad(w, x, y):
        return x.T @ (torch.sigmoid(x @ w) - y) / x.shape[0]

    spec = dict(wrt="w", shapes={"w": (3,), "x": (7, 3), "y": (7,)}, draws={"y": "uniform"},
                trials=1000)
    report = check(loss, grad, **spec)
    assert report.verdict == "verified", report.explain_failure()
    assert any("input scale 8 the loss rounds a sigmoid" in w for w in report.warnings)
    wrong = check(loss, lambda w, x, y: -grad(w, x, y), **spec)
    assert wrong.verdict == "failed"
    assert wrong.steps[0].diagnosis.kind == "sign"


def test_a_logit_so_negative_that_binary_cross_entropy_clamps_its_backward_is_a_note() -> None:
    """Below a logit of -27.6, p (1 - p) < 1e-12 and binary_cross_entropy's backward
    divides by 1e-12 instead: autograd's gradient is too small by orders of magnitude while
    the loss is still right. At scale 8 a batch of logits reaches there."""
    def loss(w, x, y):
        return F.binary_cross_entropy(torch.sigmoid(x @ w), y)

    def grad(w, x, y):
        return x.T @ (torch.sigmoid(x @ w) - y) / x.shape[0]

    report = check(loss, grad, wrt="w", shapes={"w": (4,), "x": (8, 4), "y": (8,)},
                   draws={"y": "uniform"}, trials=300, dtype="float64")
    assert report.verdict == "verified", report.explain_failure()
    assert any("binary_cross_entropy clamps" in w for w in report.warnings)


def _rbf_loss(X, dout):
    D = ((X[:, None, :] - X[None, :, :]) ** 2).sum(-1)
    return (dout * torch.exp(-D)).sum()


def _rbf_grad(X, dout, both_halves=True):
    """dL/dx_i = -2 sum_j S_ij (x_i - x_j), S = G + G^T, written as rowsum(S) x_i - (S X)_i:
    where the kernel underflows, terms of the size of x cancel to a result far smaller."""
    D = ((X[:, None, :] - X[None, :, :]) ** 2).sum(-1)
    G = dout * np.exp(-D)
    S = G + G.T if both_halves else G
    return -2 * (S.sum(1)[:, None] * X - S @ X)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_closed_form_that_cancels_terms_far_larger_than_its_result_is_not_failed(seed):
    """The RBF kernel's gradient as numpy code writes it is exact math, but loses to its own
    cancellation what autograd does not: at input scale 8 and at wider sizes the difference
    is rounding of terms far larger than the result, and is a warning."""
    spec = dict(wrt="X", shapes={"X": (5, 2), "dout": (5, 5)}, trials=1000, seed=seed)
    report = check(_rbf_loss, _rbf_grad, **spec)
    assert report.verdict == "verified", report.explain_failure()
    assert any("rounding" in w for w in report.warnings)
    half = check(_rbf_loss, lambda X, dout: _rbf_grad(X, dout, both_halves=False), **spec)
    assert half.verdict == "failed"


def test_a_closed_form_computed_in_float32_and_cast_back_is_judged_as_float32() -> None:
    """Mixed-precision code (``x.float()`` ... ``.to(x.dtype)``) is precise enough for every
    dtype below float64; in a float64 check it is named for what it is."""
    def grad(x, dout):
        y = torch.softmax(x.float(), dim=-1)
        d = dout.float()
        return (y * (d - (d * y).sum(-1, keepdim=True))).to(x.dtype)

    def loss(x, dout):
        return (torch.softmax(x, dim=-1) * dout).sum()

    spec = dict(wrt="x", shapes={"x": (3, 10), "dout": (3, 10)}, trials=400)
    for dtype in ("float32", "float16", "bfloat16"):
        report = check(loss, grad, dtype=dtype, **spec)
        assert report.verdict == "verified", report.explain_failure()
    wide = check(loss, grad, dtype="float64", **spec)
    assert wide.verdict == "failed"
    assert wide.steps[0].diagnosis.kind == "dtype"
    assert "holding float32 values" in wide.steps[0].diagnosis.message
    wrong = check(loss, lambda x, dout: 2 * grad(x, dout), dtype="float16", **spec)
    assert wrong.verdict == "failed"


def test_a_closed_form_that_breaks_down_at_large_inputs_is_a_warning() -> None:
    """tanh'(n) as 4 e^2n / (e^2n + 1)^2 overflows to NaN for large n: right math, fragile
    code; a warning at input scale 8, never a failure."""
    def grad(x, w):
        e = torch.exp(2 * (x @ w))
        return 4 * e / (e + 1) ** 2 * x

    report = check(lambda x, w: torch.tanh(x @ w), grad, wrt="w",
                   shapes={"x": (40,), "w": (40,)}, trials=400)
    assert report.verdict == "verified", report.explain_failure()
    assert any("breaks down numerically" in w for w in report.warnings)


def test_a_hard_coded_batch_size_fails_at_another_size() -> None:
    def loss(x, W):
        return 0.5 * ((x @ W) ** 2).mean(0).sum()

    report = check(loss, lambda x, W: x.T @ (x @ W) / 4, wrt="W",
                   shapes={"x": (4, 3), "W": (3, 2)}, trials=200)
    assert report.verdict == "failed"
    message = report.steps[0].diagnosis.message
    assert message.startswith("passes at x.shape[0] = 4")
    assert "fails at x.shape[0] = " in message
    general = check(loss, lambda x, W: x.T @ (x @ W) / x.shape[0], wrt="W",
                    shapes={"x": (4, 3), "W": (3, 2)}, trials=200)
    assert general.verdict == "verified"


def test_the_first_example_only_fails_when_the_batch_size_varies() -> None:
    def loss(x, w):
        return (x @ w).sum()

    report = check(loss, lambda x, w: x[0], wrt="w", shapes={"x": ("N", 3), "w": (3,)},
                   sizes={"N": 1}, trials=100)
    assert report.verdict == "failed"
    assert report.steps[0].diagnosis.message.startswith("passes at N = 1, fails at N = ")


class _HalfOnlyKernel(torch.autograd.Function):
    """exp, as an operation with no float16 or bfloat16 kernel: it raises as torch does for
    such an operation on the CPU."""

    @staticmethod
    def forward(ctx, x):
        if x.dtype in (torch.float16, torch.bfloat16):
            name = "Half" if x.dtype == torch.float16 else "BFloat16"
            raise NotImplementedError(f'"exp_cpu_kernel" not implemented for \'{name}\'')
        y = torch.exp(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return grad * y


def kernel_less_loss(x):
    return _HalfOnlyKernel.apply(x).sum()


def inverse_2x2_loss(A, G):
    """sum(G * inv(A)) of a 2 x 2 matrix, its inverse written out: adj(A) / det(A)."""
    det = A[0, 0] * A[1, 1] - A[0, 1] * A[1, 0]
    adjugate = torch.stack([torch.stack([A[1, 1], -A[0, 1]]), torch.stack([-A[1, 0], A[0, 0]])])
    return (G * adjugate / det).sum()


def inverse_2x2_grad(A, G):
    inverse = torch.linalg.inv(A)
    return -inverse.T @ G @ inverse.T


def pinv_solution_loss(X, y, g):
    return (g * (torch.linalg.pinv(X) @ y)).sum()


def pinv_solution_grad(X, y, g):
    u = torch.linalg.solve(X.T @ X, g)
    return X @ u


def causal_softmax_loss(s, dout):
    keep = torch.tril(torch.ones(s.shape[-1], s.shape[-1])).bool()
    return (dout * torch.softmax(s.masked_fill(~keep, -1e9), -1)).sum()


def causal_softmax_grad(s, dout):
    keep = torch.tril(torch.ones(s.shape[-1], s.shape[-1])).bool()
    p = torch.softmax(s.masked_fill(~keep, -1e9), -1)
    return p * (dout - (p * dout).sum(-1, keepdim=True))


def test_a_constant_float16_cannot_hold_leaves_the_verdict_to_float64() -> None:
    # masked_fill(..., -1e9), common in attention code: float16 cannot hold -1e9
    spec = dict(wrt="s", shapes={"s": (4, 4), "dout": (4, 4)}, trials=50, dtype="float16")
    right = check(causal_softmax_loss, causal_softmax_grad, **spec)
    assert right.verdict == "verified", right.error
    assert any("cannot run the loss in float16" in w for w in right.warnings), right.warnings
    wrong = check(causal_softmax_loss, lambda s, dout: causal_softmax_grad(s, dout).T, **spec)
    assert wrong.verdict == "failed", wrong.error


@pytest.mark.parametrize("dtype", ("float16", "bfloat16"))
def test_a_closed_form_torch_cannot_run_in_the_low_dtype_is_decided_in_float64(dtype) -> None:
    # linalg.inv raises "Low precision dtypes not supported" in the closed form; the loss runs
    shapes = {"A": (2, 2), "G": (2, 2)}
    draws = {"A": ("fixed", torch.tensor([[3.0, 0.5], [-0.25, 2.0]]))}
    right = check(inverse_2x2_loss, inverse_2x2_grad, wrt="A", shapes=shapes, trials=50,
                  dtype=dtype, draws=draws)
    assert right.verdict == "verified", right.error
    assert any("the closed form cannot run in" in w for w in right.warnings), right.warnings
    wrong = check(inverse_2x2_loss, lambda A, G: inverse_2x2_grad(A, G).T, wrt="A",
                  shapes=shapes, trials=50, dtype=dtype, draws=draws)
    assert wrong.verdict == "failed", wrong.error


def test_torch_s_other_wordings_of_a_missing_kernel_leave_the_verdict_to_float64() -> None:
    # pinv: "expected a tensor ... of float, double, cfloat or cdouble types"
    report = check(pinv_solution_loss, pinv_solution_grad, wrt="y",
                   shapes={"X": (5, 2), "y": (5,), "g": (2,)}, trials=50, dtype="float16")
    assert report.verdict == "verified", report.error
    assert any("cannot run the loss in float16" in w for w in report.warnings)
    # the closed form ran on float64 inputs alone: its float64 is no widening of float16
    assert not any("returned float64" in n for n in report.notes), report.notes


@pytest.mark.parametrize("dtype", ("float16", "bfloat16"))
def test_a_loss_torch_cannot_run_in_the_low_dtype_is_decided_in_float64(dtype: str) -> None:
    right = check(kernel_less_loss, exp_grad, wrt="x", shapes={"x": (5,)}, trials=50,
                  dtype=dtype)
    assert right.verdict == "verified", right.error
    assert any("precision is not measured" in w for w in right.warnings), right.warnings
    wrong = check(kernel_less_loss, lambda x: 2 * exp_grad(x), wrt="x", shapes={"x": (5,)},
                  trials=50, dtype=dtype)
    assert wrong.verdict == "failed", wrong.error


def hardsigmoid_loss(x, g):
    return (g * F.hardsigmoid(x)).sum()


def hardsigmoid_grad(x, g, slope=1 / 6):
    return torch.where((x > -3) & (x < 3), g * slope, torch.zeros_like(g))


def test_small_mismatches_finite_differences_lay_at_autograd_s_door_are_a_warning() -> None:
    """torch's float64 backward of hardsigmoid multiplies by the float32 1/6: the exact
    closed form differs from it by about 3e-8 in every trial."""
    spec = dict(wrt="x", shapes={"x": (4, 6), "g": (4, 6)}, draws={"x": "normal"},
                trials=100)
    right = check(hardsigmoid_loss, hardsigmoid_grad, **spec)
    assert right.verdict == "verified", right.first_wrong_step
    assert any("finite differences side with the closed form" in w for w in right.warnings)
    # the warning says what the mismatches are; no note calls them too few to matter
    assert not any("too few to be a mistake" in n for n in right.steps[0].notes), right.notes
    off = check(hardsigmoid_loss, lambda x, g: hardsigmoid_grad(x, g, (1 + 1e-6) / 6), **spec)
    assert off.verdict == "failed"


def cosine_loss(a, b):
    return F.cosine_embedding_loss(a, b, torch.ones(a.shape[0], dtype=a.dtype))


def cosine_grad(a, b, scale=1.0):
    """d(1 - cos)/da / N, cos = a.b / (|a| |b|): torch adds 1e-12 to each squared norm."""
    na, nb = a.norm(dim=1, keepdim=True), b.norm(dim=1, keepdim=True)
    cos = (a * b).sum(1, keepdim=True) / (na * nb)
    return -scale * (b / (na * nb) - cos * a / na ** 2) / a.shape[0]


def test_a_library_s_own_epsilon_inside_the_loss_is_a_note() -> None:
    spec = dict(wrt="a", shapes={"a": (4, 3), "b": (4, 3)}, trials=100)
    right = check(cosine_loss, cosine_grad, **spec)
    assert right.verdict == "verified", right.first_wrong_step
    assert any("a library's own epsilon" in n for s in right.steps for n in s.notes)
    off = check(cosine_loss, lambda a, b: cosine_grad(a, b, 1 + 1e-8), **spec)
    assert off.verdict == "failed"
    said = off.explain_failure()
    assert "Small mismatches in 100 / 100 trials" in said and "Mismatched" not in said, said


def share_loss(w, t):
    p = w / w.sum()
    return (t * torch.log(p)).sum()


def share_grad_by_the_quotient_rule(w, t):
    s = w.sum()
    p = w / s
    dp = t / p
    return dp / s - (dp * w).sum() / s ** 2


def test_a_size_where_the_loss_is_flat_judges_nothing() -> None:
    """At K = 1 the share is 1 whatever w is: the loss is constant, autograd's gradient is
    exactly 0, and the quotient rule leaves rounding noise of 1e-16. Nothing there is
    evidence; the check says so and stays verified."""
    case = derivation(share_loss, share_grad_by_the_quotient_rule, wrt="w",
                      shapes={"w": ("K",), "t": ("K",)}, sizes={"K": 4},
                      draws={"w": "positive", "t": "uniform"})
    report = verify(case, trials=200, shrink=False)
    assert report.verdict == "verified", report.explain_failure()
    assert any(w.startswith("dw: at K = 1 the loss is flat") for w in report.warnings)
    assert any("K = 1" in c for c in report.coverage)


def test_where_vmap_s_gradient_is_not_the_loop_s_the_loss_runs_one_trial_at_a_time() -> None:
    """Under vmap, autograd of ``F.embedding(..., padding_idx=0)`` sends gradient to the
    padding row in most trials; the plain loop, and a closed form, send none."""
    def loss(table, tokens, dout):
        return (dout * F.embedding(tokens, table, padding_idx=0)).sum()

    def grad(table, tokens, dout):
        d = torch.zeros_like(table).index_add_(0, tokens.reshape(-1), dout.reshape(-1, 4))
        d[0] = 0
        return d

    report = check(loss, grad, wrt="table", shapes={"table": (5, 4), "tokens": (6,),
                                                    "dout": (6, 4)},
                   draws={"tokens": ("labels", 5)}, trials=200, dtype="float64")
    assert report.verdict == "verified", report.explain_failure()
    assert report.mode == "per-trial loop"


def test_where_the_closed_form_under_vmap_is_not_the_loop_s_it_runs_one_trial_at_a_time(
        ) -> None:
    """One trial at a time, ``dE[tok]`` with ``tok`` a tensor of one integer is a view of a
    row, and the ``+=`` writes into ``dE``; under vmap it is a copy, and ``dE`` stays
    zeros. The code is right: the check runs it as it runs for its user."""
    def loss(E, ids, G):
        return (G * E[ids]).sum()

    def grad(E, ids, G):
        dE = torch.zeros_like(E)
        for pos, tok in enumerate(ids):
            for d in range(E.shape[1]):
                dE[tok][d] += G[pos][d]
        return dE

    spec = dict(wrt="E", shapes={"E": (6, 3), "ids": (4,), "G": (4, 3)},
                draws={"ids": ("labels", 6)}, trials=300)
    for dtype in ("float64", "float32"):
        report = check(loss, grad, **spec, dtype=dtype)
        assert report.verdict == "verified", report.explain_failure()
        assert report.mode == "per-trial loop"
    wrong = check(loss, lambda E, ids, G: 2 * grad(E, ids, G), **spec)
    assert wrong.verdict == "failed"
    assert "2" in wrong.explain_failure() and "zeros" not in wrong.explain_failure()


def test_a_constant_held_in_float32_is_right_in_a_float32_check_and_not_in_float64() -> None:
    """``torch.where(x > 0, 1.0, 0.1)`` makes a float32 tensor whatever ``x`` is: its 0.1
    is float32's, off by 1.5e-8 of itself. A float32 check cannot hold that against the
    code, and says so; a float64 check fails it; a mismatch a few times float32's rounding
    still fails in float32."""
    def loss(x, G):
        return (G * F.leaky_relu(x, negative_slope=0.1)).sum()

    def grad(x, G):
        return G * torch.where(x > 0, 1.0, 0.1)

    spec = dict(wrt="x", shapes={"x": (4, 3), "G": (4, 3)}, trials=300)
    single = check(loss, grad, **spec, dtype="float32")
    assert single.verdict == "verified", single.explain_failure()
    assert any("within float32's rounding" in n for s in single.steps for n in s.notes)
    assert check(loss, grad, **spec, dtype="float64").verdict == "failed"
    off = check(loss, lambda x, G: grad(x, G).double() * (1 + 3e-7), **spec, dtype="float32")
    assert off.verdict == "failed"


def test_a_loss_that_overflows_float32_is_decided_in_float64() -> None:
    """A soft maximum at a low temperature: exp(q / 0.01) overflows float32 in nearly every
    trial, so autograd's float64 rounding is not estimated there; the check is not
    inconclusive."""
    def loss(q):
        return 0.01 * torch.log(torch.exp(q / 0.01).sum())

    def grad(q):
        return torch.softmax(q / 0.01, 0)

    spec = dict(wrt="q", shapes={"q": (12,)}, draws={"q": ("normal", 3.0)}, trials=200,
                dtype="float64")
    report = check(loss, grad, **spec)
    assert report.verdict == "verified", report.explain_failure()
    wrong = check(loss, lambda q: grad(q) * (1 + 1e-6), **spec)
    assert wrong.verdict == "failed"


def test_a_trial_autograd_itself_cannot_resolve_in_the_low_dtype_is_no_precision_evidence(
        ) -> None:
    """An ill-conditioned draw: autograd's own float32 result is off by half its scale
    there, so the closed form's float32 error, however large, says nothing of its formula."""
    from verify.compare import PRECISION_FIELDS, precision_figures

    reference = torch.tensor([[1.0, -2.0], [1.0, -2.0]], dtype=torch.float64)
    baseline = torch.tensor([[1.0, -2.0], [0.0, -1.0]], dtype=torch.float32)  # trial 1: lost
    derived = torch.tensor([[1.0, -2.0], [3.0, 2.0]], dtype=torch.float32)
    figures, _ = precision_figures(torch.float32, [(derived, baseline, reference)],
                                   torch.tensor([2.0, 2.0], dtype=torch.float64),
                                   torch.tensor([[True, True]]))
    row = dict(zip(PRECISION_FIELDS, figures[0].tolist(), strict=True))
    assert row["evidence"] == 1 and row["imprecise"] == 0


def naive_softmax_loss(X, y, W):
    scores = torch.exp(X @ W)
    p = scores / scores.sum(1, keepdim=True)
    return -torch.log(p[range(len(p)), y]).mean()


def stable_softmax_grad(X, y, W):
    p = torch.softmax(X @ W, dim=1)
    p[range(len(p)), y] -= 1
    return X.T @ p / len(p)


def test_where_autograd_s_own_backward_underflows_a_right_closed_form_is_not_failed() -> None:
    # at input scale 8 a probability of 1e-300 has a gradient through 1e-300 / 1e288 = 0
    case = derivation(naive_softmax_loss, stable_softmax_grad, wrt="W",
                      shapes={"X": (8, 16), "y": (8,), "W": (16, 5)}, draws={"y": ("labels", 5)})
    report = verify(case, trials=300)
    assert report.verdict == "verified", report.explain_failure()
    assert any("autograd's own gradient is off" in w and "input scale 8" in w
               for w in report.warnings), report.warnings


def naive_softmax_bias_loss(X, W, b, y):
    scores = torch.exp(X @ W + b)
    p = scores / scores.sum(1, keepdim=True)
    return -torch.log(p[range(len(p)), y]).sum() / X.shape[0]


def stable_softmax_bias_grad(X, W, b, y):
    p = torch.softmax(X @ W + b, dim=1)
    p[range(len(y)), y] -= 1
    p = p / X.shape[0]
    return X.T @ p, p.sum(0)


def test_where_autograd_s_own_backward_is_off_by_parts_in_ten_million_it_is_still_excused(
) -> None:
    # seed 7, input scale 8: one trial's db is 0.5 by the closed form and by central
    # differences (to 1e-9), 0.50000006 by autograd, whose backward went through a subnormal
    case = derivation(naive_softmax_bias_loss, stable_softmax_bias_grad, wrt=("W", "b"),
                      shapes={"X": (4, 6), "W": (6, 5), "b": (5,), "y": (4,)},
                      draws={"y": ("labels", 5)})
    report = verify(case, trials=1000, seed=7)
    assert report.verdict == "verified", report.explain_failure()
    assert any(w.startswith("db: at input scale 8 autograd's own gradient is off")
               for w in report.warnings), report.warnings


def softplus_sum_loss(x, w):
    return F.softplus(x @ w).sum()


def softplus_grad_cut_off_at_12(x, w):
    z = x @ w
    return x.T @ torch.where(z < 12, torch.sigmoid(z), 0)


def test_a_closed_form_wrong_only_at_large_inputs_still_fails_there() -> None:
    # central differences side with autograd: the closed form's own mistake
    case = derivation(softplus_sum_loss, softplus_grad_cut_off_at_12, wrt="w",
                      shapes={"x": (6, 4), "w": (4,)})
    report = verify(case, trials=300)
    assert report.verdict == "failed"
    assert "fails at input scale 8" in report.first_wrong_step.diagnosis.message
    assert not any("autograd's own gradient is off" in w for w in report.warnings)


def normalised_affine_loss(x, W, b, g):
    z = x @ W + b
    return (g * (z - z.mean(0)) / z.std(0, unbiased=False)).sum()


def normalised_affine_grad(x, W, b, g):
    z = x @ W + b
    sd = z.std(0, unbiased=False)
    zhat = (z - z.mean(0)) / sd
    n = z.shape[0]
    dz = (n * g - g.sum(0) - zhat * (g * zhat).sum(0)) / (n * sd)
    return x.T @ dz, dz.sum(0)  # db is zero up to rounding: the mean takes b away


def test_a_gradient_that_is_only_rounding_noise_has_its_error_relative_to_the_trial() -> None:
    case = derivation(normalised_affine_loss, normalised_affine_grad, wrt=("W", "b"),
                      shapes={"x": (6, 3), "W": (3, 4), "b": (4,), "g": (6, 4)})
    report = verify(case, trials=100)
    assert report.verdict == "verified"
    db = next(s for s in report.steps if s.of == "b")
    assert db.max_rel_error < 1e-12, db.max_rel_error


def test_bits_lost_below_autograd_s_own_show_as_none_lost() -> None:
    from verify.report import Precision

    precision = Precision(dtype="float32", trials=10, median_bits=-0.34, worst_bits=1.9,
                          worst_trial=3, imprecise=0, unstable=0)
    assert precision.describe() == "0.0 / 1.9"
    assert precision.to_dict()["median_bits"] == -0.34


def column_quadratic_loss(x, A, b):
    return 0.5 * x.T @ A @ x - b.T @ x  # (1, 1) on column vectors, as backward() takes it


def column_quadratic_grad(x, A, b):
    return 0.5 * (A + A.T) @ x - b


def test_a_loss_of_one_element_in_any_shape_is_that_number() -> None:
    shapes = {"x": (3, 1), "A": (3, 3), "b": (3, 1)}
    right = check(column_quadratic_loss, column_quadratic_grad, wrt="x", shapes=shapes,
                  trials=50)
    assert right.verdict == "verified", right.error
    wrong = check(column_quadratic_loss, lambda x, A, b: A @ x - b, wrt="x", shapes=shapes,
                  trials=50)
    assert wrong.verdict == "failed", wrong.error
    assert wrong.steps[0].failed_trials == 50
    two = check(lambda x, A, b: x.T @ A @ x, column_quadratic_grad, wrt="x",
                shapes={"x": (3, 2), "A": (3, 3), "b": (3, 1)}, trials=5)
    assert two.verdict == "error" and "must return a scalar" in two.error


def guarded_root_loss(d, w):
    return (w * torch.where(d > 0, torch.sqrt(d), torch.zeros_like(d))).sum()


def guarded_root_grad(d, w):
    return torch.where(d > 0, 0.5 * w / torch.sqrt(d.abs()), 0.0)


def test_autograd_s_nan_from_a_branch_torch_where_did_not_take_is_said() -> None:
    report = check(guarded_root_loss, guarded_root_grad, wrt="d", shapes={"d": (8,), "w": (8,)},
                   trials=100)
    assert report.verdict == "inconclusive"
    assert any("autograd's own gradient is NaN or Inf in" in n for n in report.notes)
    assert report.explain_failure().startswith(
        f"{report.name}: inconclusive (float64): autograd's gradient is zero, rounding noise, NaN")


def ranked_sum_loss(x, w):
    return (w * torch.sort(x).values).sum()


def ranked_sum_grad_ties_last_first(x, w):
    """w_r to the element of rank r; tied values ranked by a descending sort, reversed."""
    order = torch.argsort(x, descending=True, stable=True).flip(-1)
    return torch.zeros_like(x).scatter(-1, order, w)


def test_tied_values_ranked_another_way_are_a_gradient_beside_the_trial() -> None:
    # four values tie, the end ranks weigh the same: moving one value alone reaches the
    # top or the bottom rank, with one slope either way, never a middle one
    tied = {"x": ("fixed", torch.tensor([0.3, 0.3, 0.3, 0.3])),
            "w": ("fixed", torch.tensor([1.0, 3.0, -2.0, 1.0]))}
    right = check(ranked_sum_loss, ranked_sum_grad_ties_last_first, wrt="x",
                  shapes={"x": (4,), "w": (4,)}, draws=tied, trials=4)
    assert right.verdict == "verified", right.explain_failure()
    assert right.steps[0].kinks > 0
    wrong = check(ranked_sum_loss, lambda x, w: 2 * ranked_sum_grad_ties_last_first(x, w),
                  wrt="x", shapes={"x": (4,), "w": (4,)}, draws=tied, trials=4)
    assert wrong.verdict == "failed"


def routed_loss(logits, h):
    """Each token's output is the vector of the expert its largest logit chooses (the first
    of tied maxima)."""
    chosen = logits.argmax(-1)
    return h[torch.arange(h.shape[0]), chosen].sum()


def routed_grad(logits, h, pick=lambda logits: np.argsort(logits, axis=-1)[:, -1]):
    """1 for each token's chosen expert, the last of tied maxima (numpy's argsort)."""
    dh = np.zeros_like(h)
    dh[np.arange(h.shape[0]), pick(logits)] = 1.0
    return dh


def test_a_tie_in_another_input_is_broken_beside_the_trial() -> None:
    # the gradient of h jumps where two logits tie; moving h alone never shows it, moving the
    # logits beside the trial reaches the expert the closed form chose
    tied = {"logits": ("fixed", torch.tensor([[0.5, 2.0, -1.0, 2.0], [1.0, 0.0, 3.0, 3.0]]))}
    spec = dict(wrt="h", shapes={"logits": (2, 4), "h": (2, 4, 3)}, draws=tied, trials=8)
    right = check(routed_loss, routed_grad, **spec)
    assert right.verdict == "verified", right.explain_failure()
    assert right.steps[0].kinks > 0
    second_best = check(routed_loss, lambda logits, h: routed_grad(
        logits, h, pick=lambda z: np.argsort(z, axis=-1)[:, -3]), **spec)
    assert second_best.verdict == "failed"


def test_many_tie_groups_ranked_against_their_order_are_a_gradient_beside_the_trial() -> None:
    # three groups of tied values in one trial: random directions beside the trial order
    # each group at random, so meet the closed form's order for all three by chance only
    tied = {"x": ("fixed", torch.tensor([0.5, 0.9, 0.5, 0.2, 0.9, 0.5, 0.2, 0.9, 0.1, 0.5])),
            "w": ("fixed", torch.tensor([3.0, -1.0, 2.0, 0.5, 4.0, -2.0, 1.0, 5.0, -3.0, 2.5]))}
    spec = dict(wrt="x", shapes={"x": (10,), "w": (10,)}, draws=tied, trials=4)
    right = check(ranked_sum_loss, ranked_sum_grad_ties_last_first, **spec)
    assert right.verdict == "verified", right.explain_failure()
    assert right.steps[0].kinks > 0
    wrong = check(ranked_sum_loss,
                  lambda x, w: ranked_sum_grad_ties_last_first(x, w.flip(-1)), **spec)
    assert wrong.verdict == "failed"


def permuted_product_loss(x, perm):
    return (x * x[perm]).sum()


def permuted_product_grad(x, perm):
    """d/dx_i sum_j x_j x_perm(j) = x_perm(i) + x_perm^-1(i)."""
    return x[perm] + x[np.argsort(perm)]


def test_a_fixed_integer_array_stays_an_index_and_a_fixed_mask_stays_boolean() -> None:
    permuted = check(permuted_product_loss, permuted_product_grad, wrt="x",
                     shapes={"x": (3,), "perm": (3,)}, draws={"perm": np.array([2, 0, 1])},
                     trials=20, dtype="float32")
    assert permuted.verdict == "verified", permuted.explain_failure()
    masked = check(lambda x, mask: torch.exp(x).masked_fill(mask, 0.0).sum(),
                   lambda x, mask: torch.exp(x).masked_fill(mask, 0.0), wrt="x",
                   shapes={"x": (4,), "mask": (4,)},
                   draws={"mask": ("fixed", torch.tensor([True, False, False, True]))},
                   trials=20)
    assert masked.verdict == "verified", masked.explain_failure()


def test_a_gradient_returned_as_a_reversed_view_is_read_in_order() -> None:
    report = check(lambda x, w: (w * x.flip(0)).sum(), lambda x, w: w[::-1], wrt="x",
                   shapes={"x": (4,), "w": (4,)}, trials=20)
    assert report.verdict == "verified", report.explain_failure()


def float32_rmsnorm_loss(x, dout):
    """RMSNorm computed in float32 and cast back, as mixed-precision models write it."""
    xf = x.float()
    y = xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + 1e-6)
    return (dout * y.type_as(x)).sum()


def float32_rmsnorm_grad(x, dout, *, mean_term=True):
    """dx = r (g - xhat mean(g xhat)), r = 1 / rms(x), xhat = x r, in float32."""
    xf, g = x.float(), dout.float()
    r = torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + 1e-6)
    xhat = xf * r
    dx = r * (g - xhat * (g * xhat).mean(-1, keepdim=True)) if mean_term else r * g
    return dx.type_as(x)


def test_a_loss_computed_in_float32_is_held_to_float32_s_rounding_in_every_dtype() -> None:
    spec = dict(wrt="x", shapes={"x": (4, 16), "dout": (4, 16)}, trials=200)
    for dtype in ("float64", "float32", "float16", "bfloat16"):
        report = check(float32_rmsnorm_loss, float32_rmsnorm_grad, dtype=dtype, **spec)
        assert report.verdict == "verified", report.explain_failure()
        assert not any("kink" in n for n in report.notes), report.notes
    for dtype in ("float64", "float32"):
        no_mean = check(float32_rmsnorm_loss,
                        lambda x, dout: float32_rmsnorm_grad(x, dout, mean_term=False),
                        dtype=dtype, **spec)
        assert no_mean.verdict == "failed"
    # a loss in float64 whose gradient happens to hold float32 values (it is an input):
    # a closed form that rounds in float32 is no loss that computes in float32
    x = torch.randn(64, generator=torch.Generator().manual_seed(0)).float().double()
    rounded = check(lambda x, w: (x * w).sum(), lambda x, w: (x.float() * 0.7 / 0.7).double(),
                    wrt="w", shapes={"x": (64,), "w": (64,)}, draws={"x": ("fixed", x)},
                    trials=20)
    assert rounded.verdict == "failed"
    off = check(float32_rmsnorm_loss,
                lambda x, dout: (float32_rmsnorm_grad(x, dout).float() * (1 + 2 ** -10)
                                 ).type_as(x), **spec)
    assert off.verdict == "failed"


def one_bias_loss(w, b, X, y):
    return F.binary_cross_entropy_with_logits(X @ w + b, y)


def one_bias_grad(w, b, X, y, scale=1.0):
    """dw = X^T (p - y) / N, db = sum(p - y) / N: a number for b of shape (1,)."""
    dz = (1 / (1 + np.exp(-(X @ w + b))) - y) / len(y)
    return X.T @ dz, scale * dz.sum()


def test_a_gradient_that_leaves_out_axes_of_length_1_is_compared_in_its_input_s_shape() -> None:
    spec = dict(wrt=("w", "b"), shapes={"w": (3,), "b": (1,), "X": (7, 3), "y": (7,)},
                draws={"y": "uniform"}, trials=50)
    right = check(one_bias_loss, one_bias_grad, **spec)
    assert right.verdict == "verified", right.explain_failure()
    assert any("db: returned in shape (), where b has shape (1,)" in n for n in right.notes)
    wrong = check(one_bias_loss, lambda w, b, X, y: one_bias_grad(w, b, X, y, scale=2.0),
                  **spec)
    assert wrong.verdict == "failed"
    row = check(lambda w, x: torch.sigmoid(w @ x).sum(), row_neuron_grad_as_a_list, wrt="w",
                shapes={"w": (1, 4), "x": (4, 1)}, trials=50)
    assert row.verdict == "verified", row.explain_failure()


def row_neuron_grad_as_a_list(w, x):
    """dE/dw_j = s (1 - s) x_j for E = sigma(w x), w a (1, D) row: a flat list of D numbers."""
    s = 1 / (1 + math.exp(-float((w @ x).item())))
    return [s * (1 - s) * float(v) for v in x[:, 0]]


def test_a_gradient_with_axes_its_input_lacks_is_the_wrong_shape() -> None:
    report = check(lambda b, x: (b * x).sum(), lambda b, x: x.sum().reshape(1, 1), wrt="b",
                   shapes={"b": (), "x": (5,)}, trials=20)
    assert report.verdict == "failed"
    assert "shape" in report.steps[0].diagnosis.message
    # a column's gradient as a flat vector, and a row's transposed, would broadcast to (D, D)
    column = check(lambda w, x: (w * x).sum(), lambda w, x: x[:, 0], wrt="w",
                   shapes={"w": (4, 1), "x": (4, 1)}, trials=20)
    assert column.verdict == "failed"
    row = check(lambda w, x: (w * x.T).sum(), lambda w, x: x, wrt="w",
                shapes={"w": (1, 4), "x": (4, 1)}, trials=20)
    assert row.verdict == "failed"


def weighted_rmsnorm_loss(x, weight, dout):
    """RMSNorm in float32, cast back, then scaled by its weight in the inputs' dtype."""
    xf = x.float()
    y = (xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + 1e-6)).type_as(x)
    return (dout * y * weight).sum()


def weighted_rmsnorm_weight_grad_in_float32(x, weight, dout):
    """dweight = sum_n dout xhat, summed in float32 where the loss multiplies in float64."""
    xf = x.float()
    xhat = xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + 1e-6)
    return (dout.float() * xhat).sum(0).type_as(x)


def test_a_float32_sum_shrinks_to_sizes_where_it_fails_for_its_dtype_alone() -> None:
    # the loss multiplies by the weight in float64; the closed form sums in float32: it
    # fails in float64, and at one example (an exact sum) for its dtype alone, with no
    # failing trial to name: the report says what it knows
    report = check(weighted_rmsnorm_loss, weighted_rmsnorm_weight_grad_in_float32,
                   wrt="weight", shapes={"x": ("N", "D"), "weight": ("D",), "dout": ("N", "D")},
                   sizes={"N": 4, "D": 16}, trials=200)
    assert report.verdict == "failed"
    assert report.steps[0].diagnosis.kind == "dtype"
