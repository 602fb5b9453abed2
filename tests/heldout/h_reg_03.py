"""ReLU network with weight decay on every layer, the penalty's gradient added in a loop:
E = 1/2 sum (y - t)^2 + LAM sum_l ||W_l||^2 (no 1/2 on the penalty), y = relu(relu(x W1) W2) W3;
x (N, D), W1 (D, H), W2 (H, H), W3 (H, K), t (N, K).
"""

import numpy as np
import torch

from verify import derivation

LAM = 0.1


def loss(x, W1, W2, W3, t):
    """E = 1/2 sum (y - t)^2 + LAM (||W1||^2 + ||W2||^2 + ||W3||^2)."""
    y = torch.relu(torch.relu(x @ W1) @ W2) @ W3
    penalty = sum((W ** 2).sum() for W in (W1, W2, W3))
    return 0.5 * ((y - t) ** 2).sum() + LAM * penalty


def grad(x, W1, W2, W3, t):
    Ws = [W1, W2, W3]
    hs = [x]
    for W in Ws[:-1]:
        hs.append(np.maximum(hs[-1] @ W, 0))
    y = hs[-1] @ Ws[-1]
    delta = y - t
    grads = [None] * 3
    for l in (2, 1, 0):
        grads[l] = hs[l].T @ delta
        delta = (delta @ Ws[l].T) * (hs[l] > 0)
    for l, W in enumerate(Ws):
        grads[l] = grads[l] + LAM * W  # <- wrong
    return tuple(grads)


def grad_fixed(x, W1, W2, W3, t):
    Ws = [W1, W2, W3]
    hs = [x]
    for W in Ws[:-1]:
        hs.append(np.maximum(hs[-1] @ W, 0))
    y = hs[-1] @ Ws[-1]
    delta = y - t
    grads = [None] * 3
    for l in (2, 1, 0):
        grads[l] = hs[l].T @ delta
        delta = (delta @ Ws[l].T) * (hs[l] > 0)
    for l, W in enumerate(Ws):
        grads[l] = grads[l] + 2 * LAM * W
    return tuple(grads)


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "W2": ("H", "H"), "W3": ("H", "K"),
                    "t": ("N", "K")},
            sizes={"N": 6, "D": 3, "H": 4, "K": 2})
case = derivation(loss, grad, **SPEC, name="h_reg_03")
CAUSE = "square-factor"
FIX = "d/dW LAM ||W||^2 = 2 LAM W when the penalty has no 1/2."
