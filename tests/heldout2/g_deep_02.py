"""A three-layer tanh network in numpy with a cache dict, the usual course layout:
z1 = X W1 + b1, a1 = tanh(z1), z2 = a1 W2 + b2, a2 = tanh(z2), y = a2 W3 + b3,
L = 1/2 sum (y - T)^2; X (6, 3), W1 (3, 5), W2 (5, 4), W3 (4, 2).
"""

import numpy as np
import torch

from verify import derivation


def loss(W1, b1, W2, b2, W3, b3, X, T):
    """L = 1/2 sum (y - T)^2 through two tanh layers and a linear one."""
    a1 = torch.tanh(X @ W1 + b1)
    a2 = torch.tanh(a1 @ W2 + b2)
    return 0.5 * ((a2 @ W3 + b3 - T) ** 2).sum()


def forward(params, X):
    cache = {"a0": X}
    for l in (1, 2):
        cache[f"z{l}"] = cache[f"a{l - 1}"] @ params[f"W{l}"] + params[f"b{l}"]
        cache[f"a{l}"] = np.tanh(cache[f"z{l}"])
    y = cache["a2"] @ params["W3"] + params["b3"]
    return y, cache


def grad(W1, b1, W2, b2, W3, b3, X, T):
    params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}
    y, cache = forward(params, X)
    grads = {}
    dz = y - T
    grads["W3"] = cache["a2"].T @ dz
    grads["b3"] = dz.sum(axis=0)
    da = dz @ W3.T
    for l in (2, 1):
        dz = da * (1 - cache[f"z{l}"] ** 2)  # <- wrong
        grads[f"W{l}"] = cache[f"a{l - 1}"].T @ dz
        grads[f"b{l}"] = dz.sum(axis=0)
        da = dz @ params[f"W{l}"].T
    return tuple(grads[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))


def grad_fixed(W1, b1, W2, b2, W3, b3, X, T):
    params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}
    y, cache = forward(params, X)
    grads = {}
    dz = y - T
    grads["W3"] = cache["a2"].T @ dz
    grads["b3"] = dz.sum(axis=0)
    da = dz @ W3.T
    for l in (2, 1):
        dz = da * (1 - cache[f"a{l}"] ** 2)
        grads[f"W{l}"] = cache[f"a{l - 1}"].T @ dz
        grads[f"b{l}"] = dz.sum(axis=0)
        da = dz @ params[f"W{l}"].T
    return tuple(grads[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))


SPEC = dict(wrt=("W1", "b1", "W2", "b2", "W3", "b3"),
            shapes={"W1": (3, 5), "b1": (5,), "W2": (5, 4), "b2": (4,), "W3": (4, 2),
                    "b3": (2,), "X": (6, 3), "T": (6, 2)})
case = derivation(loss, grad, **SPEC, name="g_deep_02")
CAUSE = "activation-derivative-of-input"
FIX = "tanh'(z) = 1 - tanh(z)^2 is written with the output a, not 1 - z^2."
