"""A deep MLP of equal-width sigmoid layers, backward written as a loop, torch:
h0 = X, h_l = sigmoid(h_{l-1} W_l + b_l) for l = 1..3, L = 1/(2N) ||h3 - Y||^2;
X (N, D), W_l (D, D), b_l (D,), Y (N, D) in (0.1, 0.9), N = 2, D = 4.
"""

import torch

from verify import derivation


def loss(X, Y, W1, b1, W2, b2, W3, b3):
    h = X
    for W, b in ((W1, b1), (W2, b2), (W3, b3)):
        h = torch.sigmoid(h @ W + b)
    return 0.5 * ((h - Y) ** 2).sum() / X.shape[0]


def grad(X, Y, W1, b1, W2, b2, W3, b3):
    Ws, bs = [W1, W2, W3], [b1, b2, b3]
    hs = [X]
    for W, b in zip(Ws, bs):
        hs.append(torch.sigmoid(hs[-1] @ W + b))
    out = hs[-1]
    delta = (out - Y) * out * (1 - out) / X.shape[0]
    dWs, dbs = [None] * 3, [None] * 3
    for l in range(len(Ws) - 1, -1, -1):
        dWs[l] = hs[l].T @ delta
        dbs[l] = delta.sum(0)
        delta = (delta @ Ws[l].T) * hs[l + 1] * (1 - hs[l + 1])  # <- wrong
    return dWs[0], dbs[0], dWs[1], dbs[1], dWs[2], dbs[2]


def grad_fixed(X, Y, W1, b1, W2, b2, W3, b3):
    Ws, bs = [W1, W2, W3], [b1, b2, b3]
    hs = [X]
    for W, b in zip(Ws, bs):
        hs.append(torch.sigmoid(hs[-1] @ W + b))
    out = hs[-1]
    delta = (out - Y) * out * (1 - out) / X.shape[0]
    dWs, dbs = [None] * 3, [None] * 3
    for l in range(len(Ws) - 1, -1, -1):
        dWs[l] = hs[l].T @ delta
        dbs[l] = delta.sum(0)
        delta = (delta @ Ws[l].T) * hs[l] * (1 - hs[l])
    return dWs[0], dbs[0], dWs[1], dbs[1], dWs[2], dbs[2]


SPEC = dict(wrt=("W1", "b1", "W2", "b2", "W3", "b3"),
            shapes={"X": ("N", "D"), "Y": ("N", "D"), "W1": ("D", "D"), "b1": ("D",),
                    "W2": ("D", "D"), "b2": ("D",), "W3": ("D", "D"), "b3": ("D",)},
            draws={"Y": "uniform"}, sizes={"N": 2, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_deepmlp_02")
CAUSE = "wrong-layer"
FIX = "The delta passed below layer l needs the sigmoid' of its input h_l, not of its output h_{l+1}."
