"""Numpy layers in the classic forward/backward class style verify through the API unchanged.

The classes below are written the way textbook code writes them (numpy, state cached by
``forward`` for ``backward``, ReLU's mask applied to ``dout`` in place); the tests only wrap
them in gradient functions. The loss each is checked against is the same forward in torch.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from verify import check, derivation, verify
from verify.errors import GradientMismatch
from verify.testing import assert_grads_match

TRIALS = 200
DTYPES = ("float64", "float32")


# --- the layers, as user code --------------------------------------------------------------

class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.x = None
        self.dW = None
        self.db = None

    def forward(self, x):
        self.x = x
        return np.dot(x, self.W) + self.b

    def backward(self, dout):
        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return dx


class Sigmoid:
    def __init__(self):
        self.out = None

    def forward(self, x):
        out = 1 / (1 + np.exp(-x))
        self.out = out
        return out

    def backward(self, dout):
        return dout * (1.0 - self.out) * self.out


class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout[self.mask] = 0
        dx = dout
        return dx


def softmax(x):
    x = x - np.max(x, axis=-1, keepdims=True)
    return np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)


def cross_entropy_error(y, t):
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size


class SoftmaxWithLoss:
    def __init__(self):
        self.loss = None
        self.y = None
        self.t = None

    def forward(self, x, t):
        self.t = t
        self.y = softmax(x)
        self.loss = cross_entropy_error(self.y, self.t)
        return self.loss

    def backward(self, dout=1):
        batch_size = self.t.shape[0]
        if self.t.size == self.y.size:
            dx = (self.y - self.t) / batch_size
        else:
            dx = self.y.copy()
            dx[np.arange(batch_size), self.t] -= 1
            dx = dx / batch_size
        return dx


class SoftmaxWithLossSummed(SoftmaxWithLoss):
    """A wrong backward: forgets that the loss is the batch MEAN."""

    def backward(self, dout=1):
        return (self.y - self.t) * dout


# --- gradient functions: forward, then backward, as a training step would -----------------

def affine_grad(x, W, b, dout):
    layer = Affine(W, b)
    layer.forward(x)
    dx = layer.backward(dout)
    return dx, layer.dW, layer.db


def sigmoid_grad(x, dout):
    layer = Sigmoid()
    layer.forward(x)
    return layer.backward(dout)


def relu_grad(x, dout):
    layer = Relu()
    layer.forward(x)
    return layer.backward(dout)


def softmax_grad(x, t, layer=SoftmaxWithLoss):
    last = layer()
    last.forward(x, t)
    return last.backward()


def affine_loss(x, W, b, dout):
    return (dout * (x @ W + b)).sum()


def sigmoid_loss(x, dout):
    return (dout * torch.sigmoid(x)).sum()


def relu_loss(x, dout):
    return (dout * torch.relu(x)).sum()


def onehot_loss(x, t):
    return -(t * torch.log_softmax(x, dim=-1)).sum(-1).mean()


def labels_loss(x, t):
    return F.cross_entropy(x, t)


CASES = {
    "affine": (affine_loss, affine_grad, dict(
        wrt=("x", "W", "b"), shapes={"x": (4, 3), "W": (3, 5), "b": (5,), "dout": (4, 5)})),
    "sigmoid": (sigmoid_loss, sigmoid_grad, dict(wrt="x", shapes={"x": (4, 5), "dout": (4, 5)})),
    "relu": (relu_loss, relu_grad, dict(wrt="x", shapes={"x": (4, 5), "dout": (4, 5)})),
    "softmax_onehot": (onehot_loss, softmax_grad, dict(
        wrt="x", shapes={"x": ("N", 10), "t": ("N", 10)}, draws={"t": "onehot"},
        sizes={"N": 4})),
    "softmax_labels": (labels_loss, softmax_grad, dict(
        wrt="x", shapes={"x": ("N", 10), "t": ("N",)}, draws={"t": ("labels", 10)},
        sizes={"N": 4})),
}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", list(CASES))
def test_textbook_numpy_layers_verify_unchanged(case: str, dtype: str) -> None:
    loss, grad, spec = CASES[case]
    report = assert_grads_match(loss, grad, trials=TRIALS, dtype=dtype, **spec)
    assert report.mode == "per-trial loop"
    assert report.steps[0].evidential > TRIALS // 2


def test_numpy_and_torch_closed_forms_reach_the_same_verdicts() -> None:
    def torch_affine_grad(x, W, b, dout):
        return dout @ W.T, x.T @ dout, dout.sum(0)

    loss, grad, spec = CASES["affine"]
    for dtype in DTYPES:
        in_numpy = check(loss, grad, trials=TRIALS, dtype=dtype, **spec)
        in_torch = check(loss, torch_affine_grad, trials=TRIALS, dtype=dtype, **spec)
        assert (in_numpy.mode, in_torch.mode) == ("per-trial loop", "vectorised")
        assert [s.verdict for s in in_numpy.steps] == [s.verdict for s in in_torch.steps]
        assert [s.verdict for s in in_numpy.steps] == ["verified"] * 3


def test_a_softmax_backward_without_the_batch_mean_is_flagged() -> None:
    loss, _, spec = CASES["softmax_onehot"]
    with pytest.raises(GradientMismatch) as caught:
        assert_grads_match(loss, lambda x, t: softmax_grad(x, t, SoftmaxWithLossSummed),
                           trials=TRIALS, **spec)
    assert ("Diagnosis: derived = N (= 4) x autograd in every trial: the loss averages over "
            "N = 4 but the formula sums: a missing 1/N (batch mean)") in str(caught.value)


def test_a_relu_that_forgets_its_mask_is_flagged() -> None:
    loss, _, spec = CASES["relu"]
    report = check(loss, lambda x, dout: dout.copy(), trials=TRIALS, **spec)
    assert report.verdict == "failed"
    assert report.steps[0].diagnosis.kind == "activation-derivative"
    assert "a missing ReLU mask" in report.steps[0].diagnosis.message
    assert report.explain_failure().startswith("<lambda>: dx does not match autograd")


def test_a_whole_two_layer_network_in_numpy_verifies() -> None:
    def loss(x, W1, b1, W2, b2, t):
        return F.cross_entropy(torch.relu(x @ W1 + b1) @ W2 + b2, t)

    def gradient(x, W1, b1, W2, b2, t):
        layers = [Affine(W1, b1), Relu(), Affine(W2, b2)]
        last = SoftmaxWithLoss()
        y = x
        for layer in layers:
            y = layer.forward(y)
        last.forward(y, t)
        dout = last.backward(1)
        for layer in reversed(layers):
            dout = layer.backward(dout)
        return layers[0].dW, layers[0].db, layers[2].dW, layers[2].db

    assert_grads_match(loss, gradient, wrt=("W1", "b1", "W2", "b2"), trials=TRIALS,
                       shapes={"x": (4, 6), "W1": (6, 5), "b1": (5,), "W2": (5, 3),
                               "b2": (3,), "t": (4,)},
                       draws={"t": ("labels", 3)})


def numpy_style_batch_mean(x, dout):
    return (dout - dout.mean(axis=0)) * x.var(axis=0)


def torch_style_batch_mean(x, dout):
    return (dout - dout.mean(dim=0)) * x.var(dim=0)


def methods_only(x, dout):
    return dout @ x.T


def torch_style_unbiased_scale(x, dout):
    return dout / x.std(unbiased=True) * np.sqrt(x.shape[0])


def test_numpy_style_code_that_tensors_also_run_is_taken_as_numpy() -> None:
    from verify.usercode import written_for_numpy

    assert written_for_numpy(numpy_style_batch_mean)  # axis=: numpy's words
    assert not written_for_numpy(torch_style_batch_mean)  # dim=: torch's
    assert not written_for_numpy(torch_style_unbiased_scale)  # unbiased=: torch's
    assert not written_for_numpy(methods_only)  # either: tensors first, vectorised


def zscore_dot_loss(x, g):
    return (((x - x.mean()) / x.std()) * g).sum()


def zscore_dot_grad_with_a_numpy_root(x, g):
    """Torch code whose only numpy is a root of a size; ``x.std()`` is torch's unbiased."""
    n = x.shape[0]
    s = x.std()
    z = (x - x.mean()) / s
    gc = g - g.mean()
    return (gc - z * (z * gc).sum() / np.sqrt(n - 1) ** 2) / s


def test_numpy_false_runs_torch_code_that_calls_numpy_on_tensors() -> None:
    shapes = {"x": (6,), "g": (6,)}
    read_as_numpy = derivation(zscore_dot_loss, zscore_dot_grad_with_a_numpy_root, wrt="x",
                               shapes=shapes)
    on_tensors = derivation(zscore_dot_loss, zscore_dot_grad_with_a_numpy_root, wrt="x",
                            shapes=shapes, numpy=False)
    assert verify(read_as_numpy, trials=20).verdict == "failed"  # numpy's std is biased
    report = verify(on_tensors, trials=50)
    assert report.verdict == "verified", report.explain_failure()


def correlate_loss(X, K, dY):
    return (dY * F.conv2d(X[None, None], K[None, None])[0, 0]).sum()


def correlate_kernel_grad_into_a_default_buffer(X, K, dY):
    """Torch code as a textbook writes it: element by element into ``torch.zeros``, which
    vmap cannot run and which numpy arrays run only where their scalars are float64."""
    h, w = dY.shape
    dK = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1))
    for i in range(dK.shape[0]):
        for j in range(dK.shape[1]):
            dK[i, j] = (X[i:i + h, j:j + w] * dY).sum()
    return dK


def test_torch_code_that_numpy_arrays_happen_to_run_is_run_on_tensors() -> None:
    case = derivation(correlate_loss, correlate_kernel_grad_into_a_default_buffer, wrt="K",
                      shapes={"X": (5, 5), "K": (2, 2), "dY": (4, 4)})
    report = verify(case, trials=50, dtype="float32")
    assert report.verdict == "verified", report.explain_failure()


def affine_sum_loss(x, W):
    return (x @ W).sum()


def affine_sum_grad_in_numpy(x, W):
    return np.dot(x.T, np.ones((x.shape[0], W.shape[1]), dtype=x.dtype))


def test_numpy_code_given_bfloat16_values_as_float32_is_not_said_to_widen_them() -> None:
    case = derivation(affine_sum_loss, affine_sum_grad_in_numpy, wrt="W",
                      shapes={"x": (4, 3), "W": (3, 2)})
    report = verify(case, trials=20, dtype="bfloat16")
    assert report.verdict == "verified", report.explain_failure()
    assert not any("returned" in note for step in report.steps for note in step.notes), \
        [step.notes for step in report.steps]
