"""The course's two-input sigmoid neuron as a computation graph on scalars, pure Python:
f = sigmoid(w0 x0 + w1 x1 + w2), backpropagated gate by gate; every input is a scalar.
"""

import math

import torch

from verify import derivation


def loss(w0, w1, w2, x0, x1):
    return torch.sigmoid(w0 * x0 + w1 * x1 + w2)


def grad(w0, w1, w2, x0, x1):
    w = [float(w0), float(w1), float(w2)]
    x = [float(x0), float(x1)]
    # forward pass
    dot = w[0] * x[0] + w[1] * x[1] + w[2]
    f = 1.0 / (1 + math.exp(-dot))
    # backward pass through the neuron
    df = 1.0
    ddot = 1.0 * df  # <- wrong
    dx = [w[0] * ddot, w[1] * ddot]
    dw = [x[0] * ddot, x[1] * ddot, 1.0 * ddot]
    return dw[0], dw[1], dw[2], dx[0], dx[1]


def grad_fixed(w0, w1, w2, x0, x1):
    w = [float(w0), float(w1), float(w2)]
    x = [float(x0), float(x1)]
    # forward pass
    dot = w[0] * x[0] + w[1] * x[1] + w[2]
    f = 1.0 / (1 + math.exp(-dot))
    # backward pass through the neuron
    df = 1.0
    ddot = (1 - f) * f * df
    dx = [w[0] * ddot, w[1] * ddot]
    dw = [x[0] * ddot, x[1] * ddot, 1.0 * ddot]
    return dw[0], dw[1], dw[2], dx[0], dx[1]


SPEC = dict(wrt=("w0", "w1", "w2", "x0", "x1"),
            shapes={"w0": (), "w1": (), "w2": (), "x0": (), "x1": ()}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_graph_02")
CAUSE = "activation-derivative-missing"
FIX = "The sigmoid gate's local gradient is (1 - f) f, so ddot = (1 - f) * f * df."
