"""A deep sigmoid network with a linear output, delta recursion over cached layers, numpy:
a0 = X, z_l = a_{l-1} W_l + b_l, a_l = sigma(z_l) (l = 1, 2), y = z_3,
L = 1/(2N) sum_{n,k} (y_nk - T_nk)^2;
X (N, D), W1 (D, H), W2 (H, H), W3 (H, K), b_l, T (N, K) with N = 4, D = 3, H = 5, K = 2.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, T, W1, b1, W2, b2, W3, b3):
    h = torch.sigmoid(torch.sigmoid(X @ W1 + b1) @ W2 + b2)
    y = h @ W3 + b3
    return 0.5 * ((y - T) ** 2).sum() / X.shape[0]


def grad(X, T, W1, b1, W2, b2, W3, b3):
    Ws, bs = [W1, W2, W3], [b1, b2, b3]
    acts, zs = [X], []
    for W, b in zip(Ws, bs):
        z = acts[-1] @ W + b
        zs.append(z)
        acts.append(1 / (1 + np.exp(-z)) if len(zs) < len(Ws) else z)
    delta = (acts[-1] - T) / X.shape[0]
    grads = []
    for layer in reversed(range(len(Ws))):
        grads = [acts[layer].T @ delta, delta.sum(axis=0)] + grads
        if layer > 0:
            s = zs[layer - 1] * (1 - zs[layer - 1])  # <- wrong
            delta = (delta @ Ws[layer].T) * s
    return tuple(grads)


def grad_fixed(X, T, W1, b1, W2, b2, W3, b3):
    Ws, bs = [W1, W2, W3], [b1, b2, b3]
    acts, zs = [X], []
    for W, b in zip(Ws, bs):
        z = acts[-1] @ W + b
        zs.append(z)
        acts.append(1 / (1 + np.exp(-z)) if len(zs) < len(Ws) else z)
    delta = (acts[-1] - T) / X.shape[0]
    grads = []
    for layer in reversed(range(len(Ws))):
        grads = [acts[layer].T @ delta, delta.sum(axis=0)] + grads
        if layer > 0:
            s = acts[layer] * (1 - acts[layer])
            delta = (delta @ Ws[layer].T) * s
    return tuple(grads)


SPEC = dict(wrt=("W1", "b1", "W2", "b2", "W3", "b3"),
            shapes={"X": ("N", "D"), "T": ("N", "K"), "W1": ("D", "H"), "b1": ("H",),
                    "W2": ("H", "H"), "b2": ("H",), "W3": ("H", "K"), "b3": ("K",)},
            draws={}, sizes={"N": 4, "D": 3, "H": 5, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_deepmlp_02")
CAUSE = "activation-derivative-of-input"
FIX = "The sigmoid's derivative is a (1 - a) with the layer's output a = acts[layer], not z (1 - z)."
