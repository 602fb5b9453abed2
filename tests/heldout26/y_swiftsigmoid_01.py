"""Pullback of sigmoid in Swift for TensorFlow (swift-apis, Sources/TensorFlow/Operators/Math.swift, _vjpSigmoid).

Source: https://github.com/tensorflow/swift-apis/pull/341 ("Fix sigmoid grad"): "It looks `dsigmoid`
returns wrong value ... dsigmoid(Tensor<Float>(0.9)) // 0.09000002 ... Expects 0.2055...", because the
pullback called `Raw.sigmoidGrad(x, dy: v)` with the input x, while sigmoidGrad computes
dy * y * (1 - y) from the output y = sigmoid(x); the fix passes sigmoid(x). The Swift pullback closure
and the raw op are translated to numpy. Loss: sum(v * sigmoid(x)); x, v (6,).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, v):
    return (v * torch.sigmoid(x)).sum()


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def sigmoidGrad(y, dy):
    return dy * y * (1 - y)


def _vjpSigmoid(x):
    y = sigmoid(x)
    return y, lambda v: sigmoidGrad(x, v)  # <- wrong


def _vjpSigmoid_fixed(x):
    y = sigmoid(x)
    return y, lambda v: sigmoidGrad(y, v)


def grad(x, v):
    value, pullback = _vjpSigmoid(x)
    return pullback(v)


def grad_fixed(x, v):
    value, pullback = _vjpSigmoid_fixed(x)
    return pullback(v)


SPEC = dict(wrt="x", shapes={"x": (6,), "v": (6,)})
case = derivation(loss, grad, **SPEC, name="y_swiftsigmoid_01")
CAUSE = "activation-derivative-of-input"
FIX = "Pass the output sigmoid(x) to sigmoidGrad, which computes dy * y * (1 - y) from y, not the input x."
