"""A deep sigmoid network with Nielsen-style backprop over lists, numpy, one example as a
column: z^l = W^l a^(l-1), a^l = sigma(z^l), C = 1/2 ||a^L - y||^2; x (4, 1), W1 (5, 4),
W2 (3, 5), W3 (2, 3), y (2, 1). Gradients of W1, W2, W3.
"""

import numpy as np
import torch

from verify import derivation


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    return sigmoid(z) * (1 - sigmoid(z))


def loss(x, W1, W2, W3, y):
    a = x
    for W in (W1, W2, W3):
        a = torch.sigmoid(W @ a)
    return 0.5 * ((a - y) ** 2).sum()


def grad(x, W1, W2, W3, y):
    weights = [W1, W2, W3]
    activation, activations, zs = x, [x], []
    for W in weights:
        z = W @ activation
        zs.append(z)
        activation = sigmoid(z)
        activations.append(activation)
    delta = (activations[-1] - y) * sigmoid_prime(zs[-1])
    nabla_w = [None] * len(weights)
    nabla_w[-1] = delta @ activations[-2].T
    for layer in range(2, len(weights) + 1):
        z = zs[-layer]
        sp = z * (1 - z)  # <- wrong
        delta = (weights[-layer + 1].T @ delta) * sp
        nabla_w[-layer] = delta @ activations[-layer - 1].T
    return tuple(nabla_w)


def grad_fixed(x, W1, W2, W3, y):
    weights = [W1, W2, W3]
    activation, activations, zs = x, [x], []
    for W in weights:
        z = W @ activation
        zs.append(z)
        activation = sigmoid(z)
        activations.append(activation)
    delta = (activations[-1] - y) * sigmoid_prime(zs[-1])
    nabla_w = [None] * len(weights)
    nabla_w[-1] = delta @ activations[-2].T
    for layer in range(2, len(weights) + 1):
        z = zs[-layer]
        sp = sigmoid_prime(z)
        delta = (weights[-layer + 1].T @ delta) * sp
        nabla_w[-layer] = delta @ activations[-layer - 1].T
    return tuple(nabla_w)


SPEC = dict(numpy=True, wrt=("W1", "W2", "W3"),
            shapes={"x": (4, 1), "W1": (5, 4), "W2": (3, 5), "W3": (2, 3), "y": (2, 1)},
            draws={"y": "uniform"})
case = derivation(loss, grad, **SPEC, name="m_deep_02")
CAUSE = "activation-derivative-of-input"
FIX = "sigma'(z) = sigma(z) (1 - sigma(z)); z (1 - z) plugs the pre-activation into the output form."
