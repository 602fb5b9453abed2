"""The textbook two-layer network with sigmoid hidden and sigmoid output units:
E = 1/2 sum (out_o - t)^2, out_h = sigma(x W1 + b1), out_o = sigma(out_h W2 + b2);
x (N, I), W1 (I, J), b1 (J,), W2 (J, K), b2 (K,), t (N, K) targets in [0, 1].
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W1, b1, W2, b2, t):
    """E = 1/2 sum (out_o - t)^2."""
    out_o = torch.sigmoid(torch.sigmoid(x @ W1 + b1) @ W2 + b2)
    return 0.5 * ((out_o - t) ** 2).sum()


def grad(x, W1, b1, W2, b2, t):
    net_h = x @ W1 + b1
    out_h = 1 / (1 + np.exp(-net_h))
    net_o = out_h @ W2 + b2
    out_o = 1 / (1 + np.exp(-net_o))
    d_o = (out_o - t) * out_o * (1 - out_o)
    dW2 = out_h.T @ d_o
    db2 = d_o.sum(axis=0)
    d_h = (d_o @ W2.T) * net_h * (1 - net_h)  # <- wrong
    dW1 = x.T @ d_h
    db1 = d_h.sum(axis=0)
    return dW1, db1, dW2, db2


def grad_fixed(x, W1, b1, W2, b2, t):
    net_h = x @ W1 + b1
    out_h = 1 / (1 + np.exp(-net_h))
    net_o = out_h @ W2 + b2
    out_o = 1 / (1 + np.exp(-net_o))
    d_o = (out_o - t) * out_o * (1 - out_o)
    dW2 = out_h.T @ d_o
    db2 = d_o.sum(axis=0)
    d_h = (d_o @ W2.T) * out_h * (1 - out_h)
    dW1 = x.T @ d_h
    db1 = d_h.sum(axis=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": ("N", "I"), "W1": ("I", "J"), "b1": ("J",), "W2": ("J", "K"),
                    "b2": ("K",), "t": ("N", "K")},
            sizes={"N": 4, "I": 3, "J": 5, "K": 2}, draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="h_mlp_05")
CAUSE = "activation-derivative-of-input"
FIX = "sigma'(net_h) = out_h (1 - out_h): write it with the unit's output, not its net input."
