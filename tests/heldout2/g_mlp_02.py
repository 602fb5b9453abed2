"""Nielsen-style backprop summed over a mini-batch of column vectors, sizes [3, 3, 2]:
C = 1/2 sum_n ||a^2_n - y_n||^2 with a^l = sigma(w^l a^(l-1) + b^l);
X (4, 3, 1) and Y (4, 2, 1) hold the examples, w1 (3, 3), b1 (3, 1), w2 (2, 3), b2 (2, 1).
"""

import numpy as np
import torch

from verify import derivation


def loss(w1, b1, w2, b2, X, Y):
    """C = 1/2 sum_n ||sigma(w2 sigma(w1 x_n + b1) + b2) - y_n||^2."""
    a1 = torch.sigmoid(w1 @ X + b1)
    a2 = torch.sigmoid(w2 @ a1 + b2)
    return 0.5 * ((a2 - Y) ** 2).sum()


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def grad(w1, b1, w2, b2, X, Y):
    weights, biases = [w1, w2], [b1, b2]
    nabla_w = [np.zeros(w.shape) for w in weights]
    nabla_b = [np.zeros(b.shape) for b in biases]
    for x, y in zip(X, Y, strict=True):
        activations = [x]
        for w, b in zip(weights, biases, strict=True):
            activations.append(sigmoid(w @ activations[-1] + b))
        a = activations[-1]
        delta = (a - y) * a * (1 - a)
        nabla_w[-1] += delta @ activations[-2].T
        nabla_b[-1] += delta
        for l in range(2, len(weights) + 1):
            a = activations[-l]
            delta = (weights[-l + 1].T @ delta) * a * (1 - a)
            nabla_w[-l] += delta @ activations[-l].T  # <- wrong
            nabla_b[-l] += delta
    return nabla_w[0], nabla_b[0], nabla_w[1], nabla_b[1]


def grad_fixed(w1, b1, w2, b2, X, Y):
    weights, biases = [w1, w2], [b1, b2]
    nabla_w = [np.zeros(w.shape) for w in weights]
    nabla_b = [np.zeros(b.shape) for b in biases]
    for x, y in zip(X, Y, strict=True):
        activations = [x]
        for w, b in zip(weights, biases, strict=True):
            activations.append(sigmoid(w @ activations[-1] + b))
        a = activations[-1]
        delta = (a - y) * a * (1 - a)
        nabla_w[-1] += delta @ activations[-2].T
        nabla_b[-1] += delta
        for l in range(2, len(weights) + 1):
            a = activations[-l]
            delta = (weights[-l + 1].T @ delta) * a * (1 - a)
            nabla_w[-l] += delta @ activations[-l - 1].T
            nabla_b[-l] += delta
    return nabla_w[0], nabla_b[0], nabla_w[1], nabla_b[1]


SPEC = dict(wrt=("w1", "b1", "w2", "b2"),
            shapes={"w1": (3, 3), "b1": (3, 1), "w2": (2, 3), "b2": (2, 1),
                    "X": (4, 3, 1), "Y": (4, 2, 1)},
            draws={"Y": "uniform"})
case = derivation(loss, grad, **SPEC, name="g_mlp_02")
CAUSE = "wrong-layer"
FIX = "nabla_w of layer l is delta^l times the activation feeding it, activations[-l - 1]."
