"""Linear layer followed by a row-wise softmax, with an upstream gradient, torch.

s = X W, p = softmax(s, dim=1), L = sum(G * p); X (3, 4), W (4, 5), G (3, 5).
Gradient with respect to W.
Mistake: the softmax backward's inner product sum(G * p) is reduced over dim 0 (the batch)
instead of dim 1 (the classes of each row); keepdim makes it broadcast anyway.
"""

import torch

from verify import derivation


def loss(W, X, G):
    return (G * torch.softmax(X @ W, dim=1)).sum()


def softmax_backward(dp, p):
    return p * (dp - (dp * p).sum(dim=0, keepdim=True))  # <- wrong


def softmax_backward_fixed(dp, p):
    return p * (dp - (dp * p).sum(dim=1, keepdim=True))


def grad(W, X, G):
    s = X @ W
    s = s - s.max(dim=1, keepdim=True).values
    p = s.exp() / s.exp().sum(dim=1, keepdim=True)
    ds = softmax_backward(G, p)
    return X.T @ ds


def grad_fixed(W, X, G):
    s = X @ W
    s = s - s.max(dim=1, keepdim=True).values
    p = s.exp() / s.exp().sum(dim=1, keepdim=True)
    ds = softmax_backward_fixed(G, p)
    return X.T @ ds


SPEC = dict(wrt="W", shapes={"W": ("D", "C"), "X": ("N", "D"), "G": ("N", "C")},
            sizes={"N": 3, "D": 4, "C": 5})
case = derivation(loss, grad, **SPEC, name="t_softmax_29")
CAUSE = "reduction-axis"
FIX = "Each row is its own softmax, so the Jacobian-vector product sums dp * p over dim 1."
