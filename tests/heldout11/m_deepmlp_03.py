"""A four-layer ReLU network with equal widths, delta recursion with cached pre-activations, numpy:
a0 = x, z_l = a_{l-1} W_l, a_l = relu(z_l) (l = 1..3), y = a3 W4, L = 1/(2N) sum (y - t)^2;
x (5, 3), W1 (3, 4), W2 (4, 4), W3 (4, 4), W4 (4, 4), t (5, 4).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W1, W2, W3, W4, t):
    a = x
    for W in (W1, W2, W3):
        a = torch.relu(a @ W)
    return 0.5 * ((a @ W4 - t) ** 2).sum() / x.shape[0]


def grad(x, W1, W2, W3, W4, t):
    Ws = [W1, W2, W3, W4]
    acts, zs = [x], []
    for k, W in enumerate(Ws):
        zs.append(acts[-1] @ W)
        acts.append(np.maximum(zs[-1], 0) if k < len(Ws) - 1 else zs[-1])
    y = acts[-1]
    delta = (y - t) / x.shape[0]
    grads = [None] * len(Ws)
    for k in range(len(Ws) - 1, -1, -1):
        grads[k] = acts[k].T @ delta
        if k > 0:
            dA = delta @ Ws[k].T
            delta = dA * (zs[k] > 0)  # <- wrong
    return tuple(grads)


def grad_fixed(x, W1, W2, W3, W4, t):
    Ws = [W1, W2, W3, W4]
    acts, zs = [x], []
    for k, W in enumerate(Ws):
        zs.append(acts[-1] @ W)
        acts.append(np.maximum(zs[-1], 0) if k < len(Ws) - 1 else zs[-1])
    y = acts[-1]
    delta = (y - t) / x.shape[0]
    grads = [None] * len(Ws)
    for k in range(len(Ws) - 1, -1, -1):
        grads[k] = acts[k].T @ delta
        if k > 0:
            dA = delta @ Ws[k].T
            delta = dA * (zs[k - 1] > 0)
    return tuple(grads)


SPEC = dict(wrt=("W1", "W2", "W3", "W4"),
            shapes={"x": (5, 3), "W1": (3, 4), "W2": (4, 4), "W3": (4, 4), "W4": (4, 4),
                    "t": (5, 4)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_deepmlp_03")
CAUSE = "wrong-layer"
FIX = "The delta of layer k - 1 is masked by that layer's own pre-activation zs[k - 1]."
