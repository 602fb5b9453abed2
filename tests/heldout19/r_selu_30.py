"""Derivative of the SELU activation in RubixML/ML (src/NeuralNet/ActivationFunctions/SELU/SELU.php), PHP translated to numpy.

Source: https://github.com/RubixML/ML/pull/427 ("Fix SELU negative branch"): for x <= 0 SELU is
BETA * (e^x - 1) with BETA = SCALE * ALPHA, so its derivative is BETA * e^x = output + BETA, but
differentiate() computed
    $negative = NumPower::lessEqual($output) * ($output + self::ALPHA) * self::SCALE;
which "multiplies by SCALE again and uses ALPHA, overstating the gradient" (at x = -10 it even has
the wrong sign); the fix uses ($output + self::BETA). Loss: sum(G * selu(x)); x (4, 5), G (4, 5).
"""

import numpy as np
import torch

from verify import derivation

ALPHA = 1.6732632423543772848170429916717
SCALE = 1.0507009873554804934193349852946
BETA = SCALE * ALPHA


def loss(x, G):
    return (G * torch.selu(x)).sum()


def activate(x):
    return np.where(x > 0, SCALE * x, BETA * np.expm1(x))


def grad(x, G):
    output = activate(x)
    positive = (output > 0) * SCALE
    negative = (output <= 0) * (output + ALPHA) * SCALE  # <- wrong
    return G * (positive + negative)


def grad_fixed(x, G):
    output = activate(x)
    positive = (output > 0) * SCALE
    negative = (output <= 0) * (output + BETA)
    return G * (positive + negative)


SPEC = dict(wrt="x", shapes={"x": (4, 5), "G": (4, 5)})
case = derivation(loss, grad, **SPEC, name="r_selu_30")
CAUSE = "wrong-coefficient"
FIX = "For x <= 0 the SELU derivative is output + BETA (BETA = SCALE*ALPHA), not (output + ALPHA)*SCALE."
