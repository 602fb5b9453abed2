"""A deep sigmoid network of three equal-width layers with the delta recursion, numpy:
a_0 = X, a_l = sigma(a_{l-1} W_l) for l = 1, 2, 3, L = 1/2 sum (a_3 - T)^2,
delta_3 = (a_3 - T) a_3 (1 - a_3), delta_{l-1} = (delta_l W_l^T) a_{l-1} (1 - a_{l-1}), dW_l = a_{l-1}^T delta_l;
X (4, 3), W1 (3, 3), W2 (3, 3), W3 (3, 3), T (4, 3) in (0, 1).
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W1, W2, W3, T):
    a = X
    for W in (W1, W2, W3):
        a = torch.sigmoid(a @ W)
    return 0.5 * ((a - T) ** 2).sum()


def grad(X, W1, W2, W3, T):
    Ws = [np.asarray(W) for W in (W1, W2, W3)]
    acts = [np.asarray(X)]
    for W in Ws:
        acts.append(0.5 * (1.0 + np.tanh(0.5 * (acts[-1] @ W))))
    out = acts[-1]
    delta = (out - np.asarray(T)) * out * (1 - out)
    grads = [None] * len(Ws)
    for layer in reversed(range(len(Ws))):
        grads[layer] = acts[layer].T @ delta
        if layer > 0:
            a = acts[layer + 1]  # <- wrong
            delta = (delta @ Ws[layer].T) * a * (1 - a)
    return tuple(grads)


def grad_fixed(X, W1, W2, W3, T):
    Ws = [np.asarray(W) for W in (W1, W2, W3)]
    acts = [np.asarray(X)]
    for W in Ws:
        acts.append(0.5 * (1.0 + np.tanh(0.5 * (acts[-1] @ W))))
    out = acts[-1]
    delta = (out - np.asarray(T)) * out * (1 - out)
    grads = [None] * len(Ws)
    for layer in reversed(range(len(Ws))):
        grads[layer] = acts[layer].T @ delta
        if layer > 0:
            a = acts[layer]
            delta = (delta @ Ws[layer].T) * a * (1 - a)
    return tuple(grads)


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"X": (4, 3), "W1": (3, 3), "W2": (3, 3), "W3": (3, 3), "T": (4, 3)},
            draws={"T": "uniform"}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_deep_01")
CAUSE = "wrong-layer"
FIX = "The delta passed below W_l is multiplied by the derivative at a_{l-1}, the layer's input, i.e. acts[layer]."
