"""Deep tanh network in the row convention, three square layers and a linear output, backprop
by layers: A^0 = X, A^l = tanh(A^(l-1) W^l) for l < 3, A^3 = A^2 W^3, L = 1/2 sum (A^3 - T)^2;
X (N, H), W1, W2, W3 (H, H), T (N, H).
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W1, W2, W3, T):
    A = torch.tanh(X @ W1)
    A = torch.tanh(A @ W2)
    return 0.5 * ((A @ W3 - T) ** 2).sum()


def grad(X, W1, W2, W3, T):
    Ws = [W1, W2, W3]
    L = len(Ws)
    acts = [X]
    for l, W in enumerate(Ws):
        Z = np.dot(acts[-1], W)
        acts.append(np.tanh(Z) if l < L - 1 else Z)
    delta = acts[-1] - T
    grads = [None] * L
    for l in reversed(range(L)):
        grads[l] = np.dot(acts[l + 1].T, delta)  # <- wrong
        if l > 0:
            delta = np.dot(delta, Ws[l].T) * (1 - acts[l] ** 2)
    return tuple(grads)


def grad_fixed(X, W1, W2, W3, T):
    Ws = [W1, W2, W3]
    L = len(Ws)
    acts = [X]
    for l, W in enumerate(Ws):
        Z = np.dot(acts[-1], W)
        acts.append(np.tanh(Z) if l < L - 1 else Z)
    delta = acts[-1] - T
    grads = [None] * L
    for l in reversed(range(L)):
        grads[l] = np.dot(acts[l].T, delta)
        if l > 0:
            delta = np.dot(delta, Ws[l].T) * (1 - acts[l] ** 2)
    return tuple(grads)


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"X": ("N", "H"), "W1": ("H", "H"), "W2": ("H", "H"), "W3": ("H", "H"), "T": ("N", "H")},
            draws={}, sizes={"N": 3, "H": 4})
case = derivation(loss, grad, **SPEC, name="x_mlpdeep_02")
CAUSE = "wrong-layer"
FIX = "The weight W^l maps A^(l-1) forward, so its gradient is (A^(l-1))^T delta^l, i.e. acts[l]."
