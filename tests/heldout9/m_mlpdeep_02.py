"""A deep tanh regression network with its layers in lists, numpy backward in a loop:
a_0 = X, a_l = tanh(a_{l-1} W_l + b_l) for l = 1, 2, out = a_2 W3 + b3, L = F.mse_loss(out, Y);
X (N, D), W1 (D, H), W2 (H, H), W3 (H, K), Y (N, K) with N = 8, D = 3, H = 6, K = 2.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, Y, W1, b1, W2, b2, W3, b3):
    a = torch.tanh(torch.tanh(X @ W1 + b1) @ W2 + b2)
    return F.mse_loss(a @ W3 + b3, Y)


def grad(X, Y, W1, b1, W2, b2, W3, b3):
    Ws = [np.asarray(W) for W in (W1, W2, W3)]
    bs = [np.asarray(b) for b in (b1, b2, b3)]
    X, Y = np.asarray(X), np.asarray(Y)
    acts, zs = [X], []
    for W, b in zip(Ws[:-1], bs[:-1]):
        zs.append(acts[-1] @ W + b)
        acts.append(np.tanh(zs[-1]))
    out = acts[-1] @ Ws[-1] + bs[-1]
    delta = 2 * (out - Y) / out.size
    dWs = [None] * 3
    dbs = [None] * 3
    dWs[2] = acts[2].T @ delta
    dbs[2] = delta.sum(axis=0)
    for layer in (1, 0):
        da = delta @ Ws[layer + 1].T
        delta = da * (1 - zs[layer] ** 2)  # <- wrong
        dWs[layer] = acts[layer].T @ delta
        dbs[layer] = delta.sum(axis=0)
    return dWs[0], dbs[0], dWs[1], dbs[1], dWs[2], dbs[2]


def grad_fixed(X, Y, W1, b1, W2, b2, W3, b3):
    Ws = [np.asarray(W) for W in (W1, W2, W3)]
    bs = [np.asarray(b) for b in (b1, b2, b3)]
    X, Y = np.asarray(X), np.asarray(Y)
    acts, zs = [X], []
    for W, b in zip(Ws[:-1], bs[:-1]):
        zs.append(acts[-1] @ W + b)
        acts.append(np.tanh(zs[-1]))
    out = acts[-1] @ Ws[-1] + bs[-1]
    delta = 2 * (out - Y) / out.size
    dWs = [None] * 3
    dbs = [None] * 3
    dWs[2] = acts[2].T @ delta
    dbs[2] = delta.sum(axis=0)
    for layer in (1, 0):
        da = delta @ Ws[layer + 1].T
        delta = da * (1 - acts[layer + 1] ** 2)
        dWs[layer] = acts[layer].T @ delta
        dbs[layer] = delta.sum(axis=0)
    return dWs[0], dbs[0], dWs[1], dbs[1], dWs[2], dbs[2]


SPEC = dict(wrt=("W1", "b1", "W2", "b2", "W3", "b3"),
            shapes={"X": ("N", "D"), "Y": ("N", "K"), "W1": ("D", "H"), "b1": ("H",),
                    "W2": ("H", "H"), "b2": ("H",), "W3": ("H", "K"), "b3": ("K",)},
            draws={}, sizes={"N": 8, "D": 3, "H": 6, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_mlpdeep_02")
CAUSE = "activation-derivative-of-input"
FIX = "tanh'(z) = 1 - tanh(z)^2 is 1 - a^2 with the activation a, not 1 - z^2 with the pre-activation."
