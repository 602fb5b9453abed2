"""Backpropagation through a rectifier hidden layer in Smile's MLP (core/src/main/java/smile/base/mlp/ActivationFunction.java, rectifier().g).

Source: https://github.com/haifengl/smile/issues/528 ("Gradient backpropagation in ReLU", labelled bug,
closed): "When using a v2.2.2 rectifier layer, the gradient from the upper layer is always overridden with
either 0 or 1 ... A `*` is missing before `=`, so that the gradient from the upper layer is also taken
into account"; "the gradient of the cost function over a weight in a ReLU is ... the gradient of the
output of the ReLU over the weight (either 0 or 1) multiplied by the gradient of the cost function over
the output of the ReLU (the incoming `g`)". The layer's in-place gradient g(g, y) and its weight
update are translated from Java to Python loops. Loss: sum_j G_j relu(W_j . x); W (3, 4), x (4,), G (3,).
"""

import torch

from verify import derivation


def loss(W, x, G):
    return (G * torch.relu(W @ x)).sum()


def rectifier_g(g, y):
    for i in range(len(g)):
        g[i] = 1.0 if y[i] > 0 else 0.0  # <- wrong


def rectifier_g_fixed(g, y):
    for i in range(len(g)):
        g[i] *= 1.0 if y[i] > 0 else 0.0


def grad(W, x, G):
    n_out, n_in = len(W), len(x)
    y = [max(0.0, sum(float(W[j][i]) * float(x[i]) for i in range(n_in))) for j in range(n_out)]
    g = [float(G[j]) for j in range(n_out)]
    rectifier_g(g, y)
    return [[g[j] * float(x[i]) for i in range(n_in)] for j in range(n_out)]


def grad_fixed(W, x, G):
    n_out, n_in = len(W), len(x)
    y = [max(0.0, sum(float(W[j][i]) * float(x[i]) for i in range(n_in))) for j in range(n_out)]
    g = [float(G[j]) for j in range(n_out)]
    rectifier_g_fixed(g, y)
    return [[g[j] * float(x[i]) for i in range(n_in)] for j in range(n_out)]


SPEC = dict(wrt="W", shapes={"W": (3, 4), "x": (4,), "G": (3,)})
case = derivation(loss, grad, **SPEC, name="y_smilerelu_01")
CAUSE = "wrong-coefficient"
FIX = "Multiply the incoming gradient by the rectifier's derivative, g[i] *= (y[i] > 0 ? 1 : 0), instead of overwriting it."
