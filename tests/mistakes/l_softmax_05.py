"""A linear classifier, scores = x W + b, under softmax cross-entropy with integer labels.

x (N, D), W (D, C), b (C,), t (N,) labels, L = mean over n of -log softmax(x W + b)_n,t_n.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, W, b, t):
    return F.cross_entropy(x @ W + b, t)


def grad(x, W, b, t):
    N = x.shape[0]
    scores = x @ W + b
    probs = torch.softmax(scores, dim=1)
    dscores = (probs - F.one_hot(t, W.shape[1]).to(x.dtype)) / N
    dW = x.T @ dscores
    db = dscores.sum(dim=1)  # <- wrong
    return dW, db


def grad_fixed(x, W, b, t):
    N = x.shape[0]
    scores = x @ W + b
    probs = torch.softmax(scores, dim=1)
    dscores = (probs - F.one_hot(t, W.shape[1]).to(x.dtype)) / N
    dW = x.T @ dscores
    db = dscores.sum(dim=0)
    return dW, db


SPEC = dict(wrt=("W", "b"), shapes={"x": ("N", "D"), "W": ("D", "C"), "b": ("C",),
                                    "t": ("N",)},
            draws={"t": ("labels", 3)}, sizes={"N": 3, "D": 4, "C": 3})
case = derivation(loss, grad, **SPEC, name="l_softmax_05")
CAUSE = "reduction-axis"
FIX = "Sum dscores over the batch axis 0, not over the classes."
