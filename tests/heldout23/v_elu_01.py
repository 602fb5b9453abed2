"""ELU activation (alpha = 1) under an upstream gradient, pure Python:
y_i = z_i if z_i > 0 else alpha (exp(z_i) - 1), L = sum_i g_i y_i; z (6,), g (6,).
"""

import math

import torch.nn.functional as F

from verify import derivation

ALPHA = 1.0


def loss(z, g):
    return (g * F.elu(z, alpha=ALPHA)).sum()


def grad(z, g):
    ys = []
    for zi in z.tolist():
        ys.append(zi if zi > 0 else ALPHA * (math.exp(zi) - 1))
    dz = []
    for yi, gi in zip(ys, g.tolist()):
        slope = 1.0 if yi > 0 else ALPHA * math.exp(yi)  # <- wrong
        dz.append(gi * slope)
    return dz


def grad_fixed(z, g):
    ys = []
    for zi in z.tolist():
        ys.append(zi if zi > 0 else ALPHA * (math.exp(zi) - 1))
    dz = []
    for yi, gi in zip(ys, g.tolist()):
        slope = 1.0 if yi > 0 else yi + ALPHA
        dz.append(gi * slope)
    return dz


SPEC = dict(wrt="z", shapes={"z": (6,), "g": (6,)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="v_elu_01")
CAUSE = "activation-derivative-of-input"
FIX = "For z < 0 the derivative is alpha exp(z) = y + alpha; exp of the output y is the wrong argument."
