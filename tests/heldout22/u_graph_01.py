"""Reverse pass of a small computation-graph library through a biased dense layer (jimfleming/differentiation, ops.py, AddOp.gradient).

Source: https://github.com/jimfleming/differentiation/issues/1 ("Biases are being broadcasted"): in
dot(x, W) + biases the (4,) bias is broadcast over the rows, but AddOp.gradient returns
[grad, grad], so "both A and biases will receive a matrix of shape (4, 4) although the biases are
only of shape (4,)"; the reporter's fix squishes the gradient back to the source shape with
np.sum(C, 0). The ops keep the library's gradient() methods (DotOp, SigmoidOp, SubOp, SquareOp,
MeanOp), evaluated on numpy values by a small reverse pass. Samples are rows.
Loss: mean((sigmoid(x W + biases) - y)^2); x (4, 3), W (3, 4), biases (4,), y (4, 4).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W, biases, y):
    return torch.mean(torch.square(torch.sigmoid(x @ W + biases) - y))


class BaseOp(object):
    def __init__(self, *inputs):
        self.inputs = list(inputs)
        self.output = self.compute(*inputs)


class AddOp(BaseOp):
    def compute(self, a, b):
        return a + b

    def gradient(self, grad):
        return [grad, grad]  # <- wrong


class AddOpFixed(AddOp):
    def gradient(self, grad):
        return [grad, np.sum(grad, 0)]


class SubOp(BaseOp):
    def compute(self, a, b):
        return a - b

    def gradient(self, grad):
        return [grad, -grad]


class DotOp(BaseOp):
    def compute(self, a, b):
        return np.dot(a, b)

    def gradient(self, grad):
        aT = np.transpose(self.inputs[0])
        bT = np.transpose(self.inputs[1])
        return [np.dot(grad, bT), np.dot(aT, grad)]


class SquareOp(BaseOp):
    def compute(self, x):
        return np.square(x)

    def gradient(self, grad):
        return [grad * (2 * self.inputs[0])]


class SigmoidOp(BaseOp):
    def compute(self, x):
        return 1 / (1 + np.exp(-x))

    def gradient(self, grad):
        y = self.output
        return [grad * (y * (1 - y))]


class MeanOp(BaseOp):
    def compute(self, x):
        return np.mean(x)

    def gradient(self, grad):
        input_shape = self.inputs[0].shape
        factor = np.prod(input_shape)
        return [grad / factor]


def grad(x, W, biases, y):
    dot = DotOp(x, W)
    add = AddOp(dot.output, biases)
    sig = SigmoidOp(add.output)
    sub = SubOp(sig.output, y)
    sq = SquareOp(sub.output)
    mean = MeanOp(sq.output)
    g, = mean.gradient(1.0)
    g, = sq.gradient(g)
    g, _ = sub.gradient(g)
    g, = sig.gradient(g)
    g, d_biases = add.gradient(g)
    _, d_W = dot.gradient(g)
    return d_W, d_biases


def grad_fixed(x, W, biases, y):
    dot = DotOp(x, W)
    add = AddOpFixed(dot.output, biases)
    sig = SigmoidOp(add.output)
    sub = SubOp(sig.output, y)
    sq = SquareOp(sub.output)
    mean = MeanOp(sq.output)
    g, = mean.gradient(1.0)
    g, = sq.gradient(g)
    g, _ = sub.gradient(g)
    g, = sig.gradient(g)
    g, d_biases = add.gradient(g)
    _, d_W = dot.gradient(g)
    return d_W, d_biases


SPEC = dict(wrt=("W", "biases"), shapes={"x": (4, 3), "W": (3, 4), "biases": (4,), "y": (4, 4)},
            draws={"y": "uniform"})
case = derivation(loss, grad, **SPEC, name="u_graph_01")
CAUSE = "reduction-axis"
FIX = "Sum the incoming gradient over the broadcast rows for the bias input: return [grad, np.sum(grad, 0)]."
