"""Triplet margin loss with Euclidean distances, numpy: d_ap = ||a - p||, d_an = ||a - n||,
L = mean_i max(0, d_ap - d_an + m), m = 1; a, p, n (N, D); N = 5, D = 4.
"""

import numpy as np
import torch

from verify import derivation

MARGIN = 1.0


def loss(a, p, n):
    d_ap = ((a - p) ** 2).sum(dim=1).sqrt()
    d_an = ((a - n) ** 2).sum(dim=1).sqrt()
    return torch.clamp(d_ap - d_an + MARGIN, min=0).mean()


def grad(a, p, n):
    N = a.shape[0]
    u_ap = a - p
    u_an = a - n
    d_ap = np.linalg.norm(u_ap, axis=1, keepdims=True)
    d_an = np.linalg.norm(u_an, axis=1, keepdims=True)
    active = (d_ap - d_an > 0)  # <- wrong
    w = active / N
    ga = w * (u_ap / d_ap - u_an / d_an)
    gp = -w * u_ap / d_ap
    gn = w * u_an / d_an
    return ga, gp, gn


def grad_fixed(a, p, n):
    N = a.shape[0]
    u_ap = a - p
    u_an = a - n
    d_ap = np.linalg.norm(u_ap, axis=1, keepdims=True)
    d_an = np.linalg.norm(u_an, axis=1, keepdims=True)
    active = (d_ap - d_an + MARGIN > 0)
    w = active / N
    ga = w * (u_ap / d_ap - u_an / d_an)
    gp = -w * u_ap / d_ap
    gn = w * u_an / d_an
    return ga, gp, gn


SPEC = dict(wrt=("a", "p", "n"), shapes={"a": ("N", "D"), "p": ("N", "D"), "n": ("N", "D")},
            sizes={"N": 5, "D": 4})
case = derivation(loss, grad, **SPEC, name="p_triplet_33")
CAUSE = "mask"
FIX = "The hinge is active where d_ap - d_an + margin > 0; the margin belongs in the comparison."
