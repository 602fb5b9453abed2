"""A softmax classifier with weight decay in torch: mean cross-entropy plus LAM sum W^2.

x (N, D), W (D, C), t (N,) integer labels, L = mean_n -log softmax(x W)_n,t_n + LAM sum W^2.
"""

import torch
import torch.nn.functional as F

from verify import derivation

LAM = 0.05


def loss(W, x, t):
    return F.cross_entropy(x @ W, t) + LAM * (W**2).sum()


def grad(W, x, t):
    N = x.shape[0]
    probs = torch.softmax(x @ W, dim=1)
    dscores = (probs - F.one_hot(t, W.shape[1]).to(W.dtype)) / N
    dreg = LAM * W  # <- wrong
    dW = x.T @ dscores + dreg
    return dW


def grad_fixed(W, x, t):
    N = x.shape[0]
    probs = torch.softmax(x @ W, dim=1)
    dscores = (probs - F.one_hot(t, W.shape[1]).to(W.dtype)) / N
    dreg = 2 * LAM * W
    dW = x.T @ dscores + dreg
    return dW


SPEC = dict(wrt="W", shapes={"W": ("D", "C"), "x": ("N", "D"), "t": ("N",)},
            draws={"t": ("labels", 3)}, sizes={"N": 4, "D": 3, "C": 3})
case = derivation(loss, grad, **SPEC, name="l_reg_02")
CAUSE = "square-factor"
FIX = "The gradient of LAM * sum(W**2) is 2 * LAM * W, not LAM * W."
