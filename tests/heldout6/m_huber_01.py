"""Linear regression with the Huber loss (delta = 1.5), torch:
L = F.huber_loss(X w + b, t, delta=1.5) averaged over the batch;
X (15, 3), w (3,), b (1,), t (15,) drawn with scale 2.
"""

import torch
import torch.nn.functional as F

from verify import derivation

DELTA = 1.5


def loss(X, w, b, t):
    return F.huber_loss(X @ w + b, t, delta=DELTA)


def grad(X, w, b, t):
    N = X.shape[0]
    r = X @ w + b - t
    dpred = torch.where(r.abs() <= DELTA, r, torch.sign(r)) / N  # <- wrong
    dw = X.T @ dpred
    db = dpred.sum().reshape(1)
    return dw, db


def grad_fixed(X, w, b, t):
    N = X.shape[0]
    r = X @ w + b - t
    dpred = torch.where(r.abs() <= DELTA, r, DELTA * torch.sign(r)) / N
    dw = X.T @ dpred
    db = dpred.sum().reshape(1)
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"X": (15, 3), "w": (3,), "b": (1,), "t": (15,)},
            draws={"t": ("normal", 2.0)})
case = derivation(loss, grad, **SPEC, name="m_huber_01")
CAUSE = "wrong-coefficient"
FIX = "Beyond delta the Huber loss is delta (|r| - delta / 2), whose slope is delta * sign(r)."
