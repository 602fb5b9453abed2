"""A tanh layer with inverted dropout before a softmax classifier, torch:
h = tanh(X W), hd = h * m / (1 - p) with p = 0.2, logits = hd V, L = cross_entropy(logits, y);
X (N, D), W (D, H), V (H, C), m (N, H) keep mask in {0, 1}, y (N,) labels, N = 8, D = 5, H = 6, C = 3.
"""

import torch
import torch.nn.functional as F

from verify import derivation

P_DROP = 0.2


def loss(X, y, m, W, V):
    hd = torch.tanh(X @ W) * m.to(X.dtype) / (1 - P_DROP)
    return F.cross_entropy(hd @ V, y)


def grad(X, y, m, W, V):
    mask = m.to(X.dtype)
    h = torch.tanh(X @ W)
    hd = h * mask / (1 - P_DROP)
    probs = torch.softmax(hd @ V, dim=1)
    probs[torch.arange(X.shape[0]), y] -= 1
    dlogits = probs / X.shape[0]
    dV = hd.T @ dlogits
    dhd = dlogits @ V.T
    dh = dhd * mask * (1 - P_DROP)  # <- wrong
    dW = X.T @ (dh * (1 - h * h))
    return dW, dV


def grad_fixed(X, y, m, W, V):
    mask = m.to(X.dtype)
    h = torch.tanh(X @ W)
    hd = h * mask / (1 - P_DROP)
    probs = torch.softmax(hd @ V, dim=1)
    probs[torch.arange(X.shape[0]), y] -= 1
    dlogits = probs / X.shape[0]
    dV = hd.T @ dlogits
    dhd = dlogits @ V.T
    dh = dhd * mask / (1 - P_DROP)
    dW = X.T @ (dh * (1 - h * h))
    return dW, dV


SPEC = dict(wrt=("W", "V"),
            shapes={"X": ("N", "D"), "y": ("N",), "m": ("N", "H"), "W": ("D", "H"),
                    "V": ("H", "C")},
            draws={"y": ("labels", 3), "m": ("labels", 2)},
            sizes={"N": 8, "D": 5, "H": 6, "C": 3})
case = derivation(loss, grad, **SPEC, name="m_dropout_02")
CAUSE = "wrong-coefficient"
FIX = "The forward divides the kept units by 1 - p, so the backward does too: dh = dhd * mask / (1 - p)."
