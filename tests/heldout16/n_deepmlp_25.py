"""A deep tanh MLP of three equal-width layers, delta recursion in a loop, numpy:
a_0 = X, a_l = tanh(a_{l-1} W_l) for l = 1..3, L = 1/(2N) ||a_3 - Y||^2;
X (N, D), W1, W2, W3 (D, D), Y (N, D); N = 5, D = 4.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W1, W2, W3, Y):
    a = X
    for W in (W1, W2, W3):
        a = torch.tanh(a @ W)
    return 0.5 * ((a - Y) ** 2).sum() / X.shape[0]


def grad(X, W1, W2, W3, Y):
    Ws = [W1, W2, W3]
    acts = [X]
    for W in Ws:
        acts.append(np.tanh(acts[-1] @ W))
    N = X.shape[0]
    delta = (acts[-1] - Y) / N * (1 - acts[-1] ** 2)
    grads = [None] * len(Ws)
    for l in reversed(range(len(Ws))):
        grads[l] = acts[l + 1].T @ delta  # <- wrong
        if l > 0:
            delta = (delta @ Ws[l].T) * (1 - acts[l] ** 2)
    return tuple(grads)


def grad_fixed(X, W1, W2, W3, Y):
    Ws = [W1, W2, W3]
    acts = [X]
    for W in Ws:
        acts.append(np.tanh(acts[-1] @ W))
    N = X.shape[0]
    delta = (acts[-1] - Y) / N * (1 - acts[-1] ** 2)
    grads = [None] * len(Ws)
    for l in reversed(range(len(Ws))):
        grads[l] = acts[l].T @ delta
        if l > 0:
            delta = (delta @ Ws[l].T) * (1 - acts[l] ** 2)
    return tuple(grads)


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"X": ("N", "D"), "W1": ("D", "D"), "W2": ("D", "D"), "W3": ("D", "D"), "Y": ("N", "D")},
            sizes={"N": 5, "D": 4}, draws={"Y": ("uniform", -0.9, 0.9)})
case = derivation(loss, grad, **SPEC, name="n_deepmlp_25")
CAUSE = "wrong-layer"
FIX = "Layer l's weights multiply that layer's input, so grads[l] = acts[l].T @ delta (acts[0] is X)."
