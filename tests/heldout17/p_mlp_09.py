"""MLP with two tanh hidden layers and a linear output, numpy, delta recursion:
a1 = tanh(X W1), a2 = tanh(a1 W2), out = a2 W3, L = 1/(2N) sum_n ||out_n - T_n||^2;
X (N, D), W1 (D, H), W2 (H, H), W3 (H, K), T (N, K); N = 5, D = 3, H = 4, K = 2.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W1, W2, W3, T):
    a1 = torch.tanh(X @ W1)
    a2 = torch.tanh(a1 @ W2)
    out = a2 @ W3
    return 0.5 * ((out - T) ** 2).sum(dim=1).mean()


def grad(X, W1, W2, W3, T):
    N = X.shape[0]
    acts = [X]
    for W in (W1, W2):
        acts.append(np.tanh(acts[-1] @ W))
    out = acts[-1] @ W3
    delta = out - T  # <- wrong
    grads = [acts[2].T @ delta]
    delta = (delta @ W3.T) * (1 - acts[2] ** 2)
    grads.insert(0, acts[1].T @ delta)
    delta = (delta @ W2.T) * (1 - acts[1] ** 2)
    grads.insert(0, acts[0].T @ delta)
    return tuple(grads)


def grad_fixed(X, W1, W2, W3, T):
    N = X.shape[0]
    acts = [X]
    for W in (W1, W2):
        acts.append(np.tanh(acts[-1] @ W))
    out = acts[-1] @ W3
    delta = (out - T) / N
    grads = [acts[2].T @ delta]
    delta = (delta @ W3.T) * (1 - acts[2] ** 2)
    grads.insert(0, acts[1].T @ delta)
    delta = (delta @ W2.T) * (1 - acts[1] ** 2)
    grads.insert(0, acts[0].T @ delta)
    return tuple(grads)


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"X": ("N", "D"), "W1": ("D", "H"), "W2": ("H", "H"), "W3": ("H", "K"), "T": ("N", "K")},
            sizes={"N": 5, "D": 3, "H": 4, "K": 2})
case = derivation(loss, grad, **SPEC, name="p_mlp_09")
CAUSE = "batch-mean"
FIX = "The loss is a mean over the batch, so the output delta is (out - T) / N."
