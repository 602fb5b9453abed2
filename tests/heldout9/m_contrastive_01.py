"""Contrastive loss for a siamese network (Hadsell et al.), torch:
d = ||x1 - x2||, L = mean_n [ s d^2 + (1 - s) max(0, m - d)^2 ] with margin m = 2;
x1, x2 (N, D) embeddings, S (N, 2) one-hot pair labels (column 0: similar);
N = 8, D = 4.
"""

import torch

from verify import derivation

MARGIN = 2.0


def loss(x1, x2, S):
    s = S[:, 0]
    d = torch.sqrt(((x1 - x2) ** 2).sum(1))
    return (s * d ** 2 + (1 - s) * torch.clamp(MARGIN - d, min=0) ** 2).mean()


def grad(x1, x2, S):
    N = x1.shape[0]
    s = S[:, 0:1]
    diff = x1 - x2
    d = torch.sqrt((diff ** 2).sum(1, keepdim=True))
    hinge = torch.clamp(MARGIN - d, min=0)
    g_pos = s * 2 * diff
    g_neg = -(1 - s) * hinge * diff / d  # <- wrong
    dx1 = (g_pos + g_neg) / N
    dx2 = -dx1
    return dx1, dx2


def grad_fixed(x1, x2, S):
    N = x1.shape[0]
    s = S[:, 0:1]
    diff = x1 - x2
    d = torch.sqrt((diff ** 2).sum(1, keepdim=True))
    hinge = torch.clamp(MARGIN - d, min=0)
    g_pos = s * 2 * diff
    g_neg = -(1 - s) * 2 * hinge * diff / d
    dx1 = (g_pos + g_neg) / N
    dx2 = -dx1
    return dx1, dx2


SPEC = dict(wrt=("x1", "x2"),
            shapes={"x1": ("N", "D"), "x2": ("N", "D"), "S": ("N", 2)},
            draws={"S": "onehot"}, sizes={"N": 8, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_contrastive_01")
CAUSE = "square-factor"
FIX = "max(0, m - d)^2 differentiates to -2 max(0, m - d) d'(x), so the dissimilar term needs its 2 too."
