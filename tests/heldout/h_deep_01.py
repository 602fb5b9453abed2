"""Three-layer tanh network in the column-vector convention (examples are columns):
E = 1/2 ||W3 tanh(W2 tanh(W1 x)) - t||^2;
x (5, 4) four examples as columns, W1, W2, W3 (5, 5), t (5, 4).
"""

import numpy as np
import torch

from verify import derivation


def loss(W1, W2, W3, x, t):
    """E = 1/2 sum (W3 tanh(W2 tanh(W1 x)) - t)^2."""
    y = W3 @ torch.tanh(W2 @ torch.tanh(W1 @ x))
    return 0.5 * ((y - t) ** 2).sum()


def grad(W1, W2, W3, x, t):
    Ws = [W1, W2, W3]
    acts = [x]
    for W in Ws[:-1]:
        acts.append(np.tanh(W @ acts[-1]))
    y = Ws[-1] @ acts[-1]
    delta = y - t
    grads = [None] * len(Ws)
    for l in reversed(range(len(Ws))):
        grads[l] = delta @ acts[l].T
        if l > 0:
            delta = (Ws[l] @ delta) * (1 - acts[l] ** 2)  # <- wrong
    return tuple(grads)


def grad_fixed(W1, W2, W3, x, t):
    Ws = [W1, W2, W3]
    acts = [x]
    for W in Ws[:-1]:
        acts.append(np.tanh(W @ acts[-1]))
    y = Ws[-1] @ acts[-1]
    delta = y - t
    grads = [None] * len(Ws)
    for l in reversed(range(len(Ws))):
        grads[l] = delta @ acts[l].T
        if l > 0:
            delta = (Ws[l].T @ delta) * (1 - acts[l] ** 2)
    return tuple(grads)


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"W1": (5, 5), "W2": (5, 5), "W3": (5, 5), "x": (5, 4), "t": (5, 4)})
case = derivation(loss, grad, **SPEC, name="h_deep_01")
CAUSE = "transpose"
FIX = "The error flows back through W^T: delta = (W_l^T delta) * (1 - a_l^2)."
