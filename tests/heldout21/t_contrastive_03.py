"""Contrastive loss (Hadsell et al.) on pairs, pure Python loops over lists.

d_i = ||a_i - b_i||, L = mean_i [ s_i d_i^2 + (1 - s_i) max(0, m - d_i)^2 ] with m = 3;
a (3, 4), b (3, 4), s (3,) fixed pair labels [1, 0, 0].  Gradient with respect to a.
Mistake: the dissimilar-pair term max(0, m - d)^2 loses the 2 of its square, while the
similar-pair term 2 (a - b) keeps it.
"""

import math

import torch

from verify import derivation

MARGIN = 3.0


def loss(a, b, s):
    d = ((a - b) ** 2).sum(dim=1).sqrt()
    return (s * d ** 2 + (1 - s) * torch.clamp(MARGIN - d, min=0) ** 2).mean()


def grad(a, b, s):
    n = len(a)
    da = []
    for i in range(n):
        diff = [a[i][k] - b[i][k] for k in range(len(a[i]))]
        d = math.sqrt(sum(v * v for v in diff))
        if s[i] > 0.5:
            g = [2 * v / n for v in diff]
        else:
            hinge = max(0.0, MARGIN - d)
            g = [-hinge * v / (d * n) for v in diff]  # <- wrong
        da.append(g)
    return da


def grad_fixed(a, b, s):
    n = len(a)
    da = []
    for i in range(n):
        diff = [a[i][k] - b[i][k] for k in range(len(a[i]))]
        d = math.sqrt(sum(v * v for v in diff))
        if s[i] > 0.5:
            g = [2 * v / n for v in diff]
        else:
            hinge = max(0.0, MARGIN - d)
            g = [-2 * hinge * v / (d * n) for v in diff]
        da.append(g)
    return da


SPEC = dict(wrt="a", shapes={"a": (3, 4), "b": (3, 4), "s": (3,)},
            draws={"s": ("fixed", torch.tensor([1.0, 0.0, 0.0]))})
case = derivation(loss, grad, **SPEC, name="t_contrastive_03")
CAUSE = "square-factor"
FIX = "The derivative of max(0, m - d)^2 is -2 max(0, m - d) dd/da, so the dissimilar term needs its 2."
