"""A three-layer tanh network kept as lists of layers, numpy, weights in the (out, in) layout of
torch.nn.Linear: a_{l+1} = tanh(a_l W_l^T + b_l) (the last layer linear), L = mean cross-entropy;
X (N, 4), W0 (6, 4), W1 (6, 6), W2 (6, 6), biases (6,), y (N,) labels over 6 classes, N = 9.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(X, y, W0, b0, W1, b1, W2, b2):
    a = X
    for W, b in ((W0, b0), (W1, b1)):
        a = (a @ W.T + b).tanh()
    return F.cross_entropy(a @ W2.T + b2, y)


def grad(X, y, W0, b0, W1, b1, W2, b2):
    Ws, bs = [W0, W1, W2], [b0, b1, b2]
    acts = [X]
    for l in range(3):
        z = acts[-1] @ Ws[l].T + bs[l]
        acts.append(np.tanh(z) if l < 2 else z)
    logits = acts[-1] - acts[-1].max(axis=1, keepdims=True)
    P = np.exp(logits)
    P /= P.sum(axis=1, keepdims=True)
    P[np.arange(len(y)), y] -= 1.0
    dz = P / len(y)
    grads = []
    for l in reversed(range(3)):
        grads = [dz.T @ acts[l], dz.sum(axis=0)] + grads
        if l > 0:
            da = dz @ Ws[l].T  # <- wrong
            dz = da * (1.0 - acts[l] ** 2)
    return tuple(grads)


def grad_fixed(X, y, W0, b0, W1, b1, W2, b2):
    Ws, bs = [W0, W1, W2], [b0, b1, b2]
    acts = [X]
    for l in range(3):
        z = acts[-1] @ Ws[l].T + bs[l]
        acts.append(np.tanh(z) if l < 2 else z)
    logits = acts[-1] - acts[-1].max(axis=1, keepdims=True)
    P = np.exp(logits)
    P /= P.sum(axis=1, keepdims=True)
    P[np.arange(len(y)), y] -= 1.0
    dz = P / len(y)
    grads = []
    for l in reversed(range(3)):
        grads = [dz.T @ acts[l], dz.sum(axis=0)] + grads
        if l > 0:
            da = dz @ Ws[l]
            dz = da * (1.0 - acts[l] ** 2)
    return tuple(grads)


SPEC = dict(wrt=("W0", "b0", "W1", "b1", "W2", "b2"),
            shapes={"X": (9, 4), "y": (9,), "W0": (6, 4), "b0": (6,), "W1": (6, 6), "b1": (6,),
                    "W2": (6, 6), "b2": (6,)},
            draws={"y": ("labels", 6)}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_deepmlp_01")
CAUSE = "transpose"
FIX = "With z = a W^T + b the error flows back as dz W, not dz W^T (that is the (in, out) layout's rule)."
