"""A three-layer tanh network with a linear output, rows as examples, all layers H wide:
A_0 = X, A_l = tanh(A_(l-1) W_l) for l = 1, 2, Y = A_2 W_3, L = 1/(2N) sum ||Y - T||^2;
X (N, H), W1, W2, W3 (H, H), T (N, H).
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W1, W2, W3, T):
    Y = torch.tanh(torch.tanh(X @ W1) @ W2) @ W3
    return 0.5 * ((Y - T) ** 2).sum(dim=1).mean()


def grad(X, W1, W2, W3, T):
    Ws = [W1, W2, W3]
    acts = [X]
    for l, W in enumerate(Ws):
        Z = acts[-1] @ W
        acts.append(np.tanh(Z) if l < len(Ws) - 1 else Z)
    N = X.shape[0]
    delta = (acts[-1] - T) / N
    grads = []
    for l in range(len(Ws) - 1, -1, -1):
        grads.insert(0, acts[l + 1].T @ delta)  # <- wrong
        if l > 0:
            delta = (delta @ Ws[l].T) * (1.0 - acts[l] ** 2)
    return tuple(grads)


def grad_fixed(X, W1, W2, W3, T):
    Ws = [W1, W2, W3]
    acts = [X]
    for l, W in enumerate(Ws):
        Z = acts[-1] @ W
        acts.append(np.tanh(Z) if l < len(Ws) - 1 else Z)
    N = X.shape[0]
    delta = (acts[-1] - T) / N
    grads = []
    for l in range(len(Ws) - 1, -1, -1):
        grads.insert(0, acts[l].T @ delta)
        if l > 0:
            delta = (delta @ Ws[l].T) * (1.0 - acts[l] ** 2)
    return tuple(grads)


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"X": ("N", "H"), "W1": ("H", "H"), "W2": ("H", "H"), "W3": ("H", "H"),
                    "T": ("N", "H")},
            draws={}, sizes={"N": 4, "H": 3})
case = derivation(loss, grad, **SPEC, name="w_deep_02")
CAUSE = "wrong-layer"
FIX = "The gradient of W_l pairs delta_l with the activation that enters layer l, dW_l = A_(l-1)^T delta_l."
