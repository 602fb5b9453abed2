"""Three-layer tanh MLP with a linear output and a halved squared error averaged over the
batch, numpy, delta recursion over the layers:
a0 = X, a_l = tanh(a_{l-1} W_l) for l = 1, 2, Y = a_2 W_3, L = (1/(2N)) sum ||Y - T||^2;
X (N, D), W1 (D, H), W2 (H, H), W3 (H, K), T (N, K).
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W1, W2, W3, T):
    a = torch.tanh(X @ W1)
    a = torch.tanh(a @ W2)
    Y = a @ W3
    return 0.5 * ((Y - T) ** 2).sum() / X.shape[0]


def grad(X, W1, W2, W3, T):
    n = X.shape[0]
    Ws = [W1, W2, W3]
    acts = [X]
    for l, W in enumerate(Ws):
        z = np.dot(acts[-1], W)
        acts.append(np.tanh(z) if l < len(Ws) - 1 else z)
    delta = (acts[-1] - T) / n
    grads = []
    for l in reversed(range(len(Ws))):
        grads.append(np.dot(acts[l].T, delta) / n)  # <- wrong
        if l > 0:
            delta = np.dot(delta, Ws[l].T) * (1 - acts[l] ** 2)
    return tuple(grads[::-1])


def grad_fixed(X, W1, W2, W3, T):
    n = X.shape[0]
    Ws = [W1, W2, W3]
    acts = [X]
    for l, W in enumerate(Ws):
        z = np.dot(acts[-1], W)
        acts.append(np.tanh(z) if l < len(Ws) - 1 else z)
    delta = (acts[-1] - T) / n
    grads = []
    for l in reversed(range(len(Ws))):
        grads.append(np.dot(acts[l].T, delta))
        if l > 0:
            delta = np.dot(delta, Ws[l].T) * (1 - acts[l] ** 2)
    return tuple(grads[::-1])


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"X": ("N", "D"), "W1": ("D", "H"), "W2": ("H", "H"), "W3": ("H", "K"),
                    "T": ("N", "K")},
            draws={}, sizes={"N": 4, "D": 3, "H": 4, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_deepmlp_01")
CAUSE = "wrong-divisor"
FIX = "delta already carries the 1/N of the mean, so dW_l = a_{l-1}^T delta with no second division."
