"""Gradient of Atan2(F, G) in getkeops/keops (keops/core/formulas/maths/Atan2.h).

Source: https://github.com/getkeops/keops/pull/155 ("Fix derivative of atan2": "The derivative of
atan2 had the gradient terms flipped"). The formula built
    partial_F = F::DiffT<V, (F / (F^2 + G^2)) * gradin>,  partial_G = G::DiffT<V, (G / (F^2 + G^2)) * gradin>,
    DiffT = partial_G - partial_F
so the term G / r^2, which is d atan2(F, G) / dF, was sent into G's derivative and -F / r^2, which is
d/dG, into F's: the two arguments received each other's gradient. Reduced to numpy with F and G
leaf variables, so the two terms are returned directly.
Loss: sum(gradin * atan2(F, G)); F, G, gradin (3, 4).
"""

import torch

from verify import derivation


def loss(F, G, gradin):
    return (gradin * torch.atan2(F, G)).sum()


def grad(F, G, gradin):
    r2 = F ** 2 + G ** 2
    term_F = (F / r2) * gradin
    term_G = (G / r2) * gradin
    return -term_F, term_G  # <- wrong


def grad_fixed(F, G, gradin):
    r2 = F ** 2 + G ** 2
    term_F = (F / r2) * gradin
    term_G = (G / r2) * gradin
    return term_G, -term_F


SPEC = dict(wrt=("F", "G"), shapes={"F": (3, 4), "G": (3, 4), "gradin": (3, 4)})
case = derivation(loss, grad, **SPEC, name="s_atan2_09")
CAUSE = "return-order"
FIX = "d atan2(F, G)/dF = G / (F^2 + G^2) and d/dG = -F / (F^2 + G^2); each argument must receive its own term."
