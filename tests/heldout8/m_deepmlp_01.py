"""A deep tanh MLP written with a loop over its layers, numpy:
a0 = X, a_l = tanh(a_{l-1} W_l) for l = 1, 2, out = a2 W3, L = mse_loss(out, Y);
X (N, 4), W1 (4, 6), W2 (6, 6), W3 (6, 2), Y (N, 2), N = 5.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, Y, W1, W2, W3):
    a = X
    for W in (W1, W2):
        a = torch.tanh(a @ W)
    return F.mse_loss(a @ W3, Y)


def grad(X, Y, W1, W2, W3):
    Ws = [np.asarray(W) for W in (W1, W2, W3)]
    acts = [np.asarray(X)]
    for W in Ws[:-1]:
        acts.append(np.tanh(acts[-1] @ W))
    out = acts[-1] @ Ws[-1]
    delta = 2 * (out - np.asarray(Y)) / out.size
    grads = []
    for l in reversed(range(len(Ws))):
        grads.append(acts[l].T @ delta)
        if l > 0:
            delta = delta @ Ws[l].T  # <- wrong
    return tuple(reversed(grads))


def grad_fixed(X, Y, W1, W2, W3):
    Ws = [np.asarray(W) for W in (W1, W2, W3)]
    acts = [np.asarray(X)]
    for W in Ws[:-1]:
        acts.append(np.tanh(acts[-1] @ W))
    out = acts[-1] @ Ws[-1]
    delta = 2 * (out - np.asarray(Y)) / out.size
    grads = []
    for l in reversed(range(len(Ws))):
        grads.append(acts[l].T @ delta)
        if l > 0:
            delta = (delta @ Ws[l].T) * (1 - acts[l] ** 2)
    return tuple(reversed(grads))


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"X": ("N", 4), "Y": ("N", 2), "W1": (4, 6), "W2": (6, 6), "W3": (6, 2)},
            draws={}, sizes={"N": 5})
case = derivation(loss, grad, **SPEC, name="m_deepmlp_01")
CAUSE = "activation-derivative-missing"
FIX = "Each hidden layer's delta is multiplied by tanh' = 1 - a_l^2 after the W_l^T product."
