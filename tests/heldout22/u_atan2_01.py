"""Derivative rule of stablehlo.atan2 in Enzyme-JAX (src/enzyme_ad/jax/Implementations/HLODerivatives.td, HLODerivative<"Atan2Op", (Op $x, $y)>).

Source: https://github.com/EnzymeAD/Enzyme-JAX/pull/2066 ("Correct atan2 gradient": "There was a
minus sign offset"). Atan2Op(x, y) is atan2(x, y) = atan(x / y), its first operand playing the part
of the usual y. Its partial derivative with respect to the first operand is y / (x^2 + y^2), and with
respect to the second -x / (x^2 + y^2); the TableGen rule had the sign on the other term:
(Div (Neg $y), ...) for the first operand and (Div $x, ...) for the second. Translated to numpy
for the first operand, the adjoint DiffeRet times the rule.
Loss: sum(DiffeRet * atan2(x, y)); x, y, DiffeRet (4, 5).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, y, DiffeRet):
    return (DiffeRet * torch.atan2(x, y)).sum()


def grad(x, y, DiffeRet):
    d_x = DiffeRet * (np.negative(y) / (np.power(x, 2) + np.power(y, 2)))  # <- wrong
    return d_x


def grad_fixed(x, y, DiffeRet):
    d_x = DiffeRet * (y / (np.power(x, 2) + np.power(y, 2)))
    return d_x


SPEC = dict(wrt="x", shapes={"x": (4, 5), "y": (4, 5), "DiffeRet": (4, 5)})
case = derivation(loss, grad, **SPEC, name="u_atan2_01")
CAUSE = "sign"
FIX = "Use y / (x^2 + y^2), without the negation, as the derivative of atan2(x, y) with respect to its first operand x."
