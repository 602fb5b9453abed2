"""A three-layer sigmoid network trained by the delta recursion, numpy:
a0 = x, a_l = sigma(a_{l-1} W_l) for l = 1, 2, 3, L = 1/2 sum (a3 - t)^2;
x (N, D), W1 (D, H), W2 (H, H), W3 (H, K), t (N, K) with N = 4, D = 3, H = 4, K = 2.
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W1, W2, W3, t):
    a = x
    for W in (W1, W2, W3):
        a = torch.sigmoid(a @ W)
    return 0.5 * ((a - t) ** 2).sum()


def grad(x, W1, W2, W3, t):
    Ws = [np.asarray(W) for W in (W1, W2, W3)]
    acts = [np.asarray(x)]
    for W in Ws:
        acts.append(1.0 / (1.0 + np.exp(-acts[-1] @ W)))
    y = acts[-1]
    delta = (y - np.asarray(t)) * y * (1.0 - y)
    grads = [None, None, None]
    for layer in range(2, -1, -1):
        grads[layer] = acts[layer].T @ delta
        if layer > 0:
            back = delta @ Ws[layer].T
            delta = back  # <- wrong
    return tuple(grads)


def grad_fixed(x, W1, W2, W3, t):
    Ws = [np.asarray(W) for W in (W1, W2, W3)]
    acts = [np.asarray(x)]
    for W in Ws:
        acts.append(1.0 / (1.0 + np.exp(-acts[-1] @ W)))
    y = acts[-1]
    delta = (y - np.asarray(t)) * y * (1.0 - y)
    grads = [None, None, None]
    for layer in range(2, -1, -1):
        grads[layer] = acts[layer].T @ delta
        if layer > 0:
            back = delta @ Ws[layer].T
            delta = back * acts[layer] * (1.0 - acts[layer])
    return tuple(grads)


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "W2": ("H", "H"), "W3": ("H", "K"),
                    "t": ("N", "K")},
            draws={"t": "uniform"}, sizes={"N": 4, "D": 3, "H": 4, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_deepmlp_01")
CAUSE = "activation-derivative-missing"
FIX = "A hidden delta is the back-propagated error times a_l (1 - a_l)."
