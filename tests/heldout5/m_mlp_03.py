"""A two-layer classifier with an ELU hidden layer (alpha = 1), torch flat function:
h = elu(X W1 + b1), L = cross_entropy(h W2 + b2, y) averaged over the batch;
X (10, 6), W1 (6, 8), b1 (8,), W2 (8, 4), b2 (4,), y (10,) labels in 0..3.
"""

import torch
import torch.nn.functional as F

from verify import derivation

ALPHA = 1.0


def loss(X, y, W1, b1, W2, b2):
    h = F.elu(X @ W1 + b1, alpha=ALPHA)
    return F.cross_entropy(h @ W2 + b2, y)


def grad(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    z1 = X @ W1 + b1
    h = torch.where(z1 > 0, z1, ALPHA * (torch.exp(z1) - 1))
    scores = h @ W2 + b2
    e = torch.exp(scores - scores.max(dim=1, keepdim=True).values)
    dscores = e / e.sum(dim=1, keepdim=True)
    dscores[torch.arange(N), y] -= 1
    dscores /= N
    dW2 = h.T @ dscores
    db2 = dscores.sum(dim=0)
    dh = dscores @ W2.T
    dz1 = dh  # <- wrong
    dW1 = X.T @ dz1
    db1 = dz1.sum(dim=0)
    return dW1, db1, dW2, db2


def grad_fixed(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    z1 = X @ W1 + b1
    h = torch.where(z1 > 0, z1, ALPHA * (torch.exp(z1) - 1))
    scores = h @ W2 + b2
    e = torch.exp(scores - scores.max(dim=1, keepdim=True).values)
    dscores = e / e.sum(dim=1, keepdim=True)
    dscores[torch.arange(N), y] -= 1
    dscores /= N
    dW2 = h.T @ dscores
    db2 = dscores.sum(dim=0)
    dh = dscores @ W2.T
    dz1 = dh * torch.where(z1 > 0, torch.ones_like(h), h + ALPHA)
    dW1 = X.T @ dz1
    db1 = dz1.sum(dim=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": (10, 6), "y": (10,), "W1": (6, 8), "b1": (8,), "W2": (8, 4),
                    "b2": (4,)},
            draws={"y": ("labels", 4)})
case = derivation(loss, grad, **SPEC, name="m_mlp_03")
CAUSE = "activation-derivative-missing"
FIX = "The hidden gradient must pass through the ELU: dz1 = dh * (1 if z1 > 0 else h + alpha)."
