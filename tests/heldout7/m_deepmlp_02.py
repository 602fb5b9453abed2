"""A deep sigmoid network with lists of layers, torch: a_0 = X, a_{l+1} = sigma(a_l W_l + b_l) for the
two hidden layers, out = a_2 W_2 + b_2 (linear), L = 1/(2N) sum ||out - Y||^2;
X (N, 3), W0 (3, 4), W1 (4, 4), W2 (4, 4), biases (4,), Y (N, 4) with N = 6.
"""

import torch

from verify import derivation


def loss(X, Y, W0, b0, W1, b1, W2, b2):
    a = torch.sigmoid(X @ W0 + b0)
    a = torch.sigmoid(a @ W1 + b1)
    out = a @ W2 + b2
    return ((out - Y) ** 2).sum() / (2 * X.shape[0])


def grad(X, Y, W0, b0, W1, b1, W2, b2):
    Ws, bs = [W0, W1, W2], [b0, b1, b2]
    acts = [X]
    for l in range(3):
        z = acts[l] @ Ws[l] + bs[l]
        acts.append(torch.sigmoid(z) if l < 2 else z)
    delta = (acts[3] - Y) / X.shape[0]
    dWs, dbs = [None] * 3, [None] * 3
    for l in (2, 1, 0):
        dWs[l] = acts[l].T @ delta
        dbs[l] = delta.sum(0)
        if l > 0:
            delta = (delta @ Ws[l].T) * acts[l + 1] * (1 - acts[l + 1])  # <- wrong
    return dWs[0], dbs[0], dWs[1], dbs[1], dWs[2], dbs[2]


def grad_fixed(X, Y, W0, b0, W1, b1, W2, b2):
    Ws, bs = [W0, W1, W2], [b0, b1, b2]
    acts = [X]
    for l in range(3):
        z = acts[l] @ Ws[l] + bs[l]
        acts.append(torch.sigmoid(z) if l < 2 else z)
    delta = (acts[3] - Y) / X.shape[0]
    dWs, dbs = [None] * 3, [None] * 3
    for l in (2, 1, 0):
        dWs[l] = acts[l].T @ delta
        dbs[l] = delta.sum(0)
        if l > 0:
            delta = (delta @ Ws[l].T) * acts[l] * (1 - acts[l])
    return dWs[0], dbs[0], dWs[1], dbs[1], dWs[2], dbs[2]


SPEC = dict(wrt=("W0", "b0", "W1", "b1", "W2", "b2"),
            shapes={"X": (6, 3), "Y": (6, 4), "W0": (3, 4), "b0": (4,), "W1": (4, 4), "b1": (4,),
                    "W2": (4, 4), "b2": (4,)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_deepmlp_02")
CAUSE = "wrong-layer"
FIX = "The delta sent below layer l is multiplied by sigma' of that layer's input, acts[l], not acts[l + 1]."
