"""A three-layer sigmoid network trained by the delta recursion (Nielsen's backprop), numpy:
a_l = sigma(a_{l-1} W_l), L = 1/2 sum (a_3 - t)^2;
X (N, D), W1 (D, H), W2 (H, H), W3 (H, K), t (N, K) with N = 5, D = 3, H = 4, K = 2.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, t, W1, W2, W3):
    a3 = torch.sigmoid(torch.sigmoid(torch.sigmoid(X @ W1) @ W2) @ W3)
    return 0.5 * ((a3 - t) ** 2).sum()


def grad(X, t, W1, W2, W3):
    X, t = np.asarray(X), np.asarray(t)
    weights = [np.asarray(W1), np.asarray(W2), np.asarray(W3)]
    activation = X
    activations = [X]
    zs = []
    for W in weights:
        z = activation @ W
        zs.append(z)
        activation = 1.0 / (1.0 + np.exp(-z))
        activations.append(activation)
    delta = (activations[-1] - t) * activations[-1] * (1 - activations[-1])
    nabla = [activations[-2].T @ delta]
    for layer in (2, 3):
        sp = zs[-layer] * (1 - zs[-layer])  # <- wrong
        delta = (delta @ weights[-layer + 1].T) * sp
        nabla.insert(0, activations[-layer - 1].T @ delta)
    return tuple(nabla)


def grad_fixed(X, t, W1, W2, W3):
    X, t = np.asarray(X), np.asarray(t)
    weights = [np.asarray(W1), np.asarray(W2), np.asarray(W3)]
    activation = X
    activations = [X]
    zs = []
    for W in weights:
        z = activation @ W
        zs.append(z)
        activation = 1.0 / (1.0 + np.exp(-z))
        activations.append(activation)
    delta = (activations[-1] - t) * activations[-1] * (1 - activations[-1])
    nabla = [activations[-2].T @ delta]
    for layer in (2, 3):
        sp = activations[-layer] * (1 - activations[-layer])
        delta = (delta @ weights[-layer + 1].T) * sp
        nabla.insert(0, activations[-layer - 1].T @ delta)
    return tuple(nabla)


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"X": ("N", "D"), "t": ("N", "K"), "W1": ("D", "H"), "W2": ("H", "H"),
                    "W3": ("H", "K")},
            draws={"t": "uniform"}, sizes={"N": 5, "D": 3, "H": 4, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_mlpdeep_01")
CAUSE = "activation-derivative-of-input"
FIX = "sigma'(z) = a (1 - a) with a = sigma(z): apply the formula to the activation, not to z."
