"""A three-layer sigmoid network with the delta recursion, row convention:
a0 = X, a_l = sigma(a_{l-1} W_l) for l = 1..3, E = 1/2 ||a_3 - T||^2;
X (N, D), W1 (D, H), W2 (H, H), W3 (H, K), T (N, K) in (0, 1); N = 3, D = 4, H = 3, K = 2.
"""

import numpy as np
import torch

from verify import derivation


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def loss(X, W1, W2, W3, T):
    a = X
    for W in (W1, W2, W3):
        a = torch.sigmoid(a @ W)
    return 0.5 * ((a - T) ** 2).sum()


def grad(X, W1, W2, W3, T):
    Ws = [W1, W2, W3]
    acts = [X]
    for W in Ws:
        acts.append(sigmoid(acts[-1] @ W))
    delta = (acts[-1] - T) * acts[-1] * (1 - acts[-1])
    grads = [None] * len(Ws)
    for l in range(len(Ws) - 1, -1, -1):
        grads[l] = acts[l].T @ delta
        if l > 0:
            delta = delta @ Ws[l].T  # <- wrong
    return tuple(grads)


def grad_fixed(X, W1, W2, W3, T):
    Ws = [W1, W2, W3]
    acts = [X]
    for W in Ws:
        acts.append(sigmoid(acts[-1] @ W))
    delta = (acts[-1] - T) * acts[-1] * (1 - acts[-1])
    grads = [None] * len(Ws)
    for l in range(len(Ws) - 1, -1, -1):
        grads[l] = acts[l].T @ delta
        if l > 0:
            delta = (delta @ Ws[l].T) * acts[l] * (1 - acts[l])
    return tuple(grads)


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"X": ("N", "D"), "W1": ("D", "H"), "W2": ("H", "H"), "W3": ("H", "K"),
                    "T": ("N", "K")},
            draws={"T": "uniform"}, sizes={"N": 3, "D": 4, "H": 3, "K": 2})
case = derivation(loss, grad, **SPEC, name="v_deepmlp_01")
CAUSE = "activation-derivative-missing"
FIX = "Each hidden delta needs the sigmoid derivative of its layer: delta_l = (delta_{l+1} W_{l+1}^T) * a_l (1 - a_l)."
