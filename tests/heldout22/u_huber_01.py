"""Derivative of Rubix ML's pseudo-Huber loss (src/NeuralNet/CostFunctions/HuberLoss.php, HuberLoss::differentiate).

Source: https://github.com/RubixML/ML/pull/420 ("Fix Huber Loss gradient scaling"): "differentiate
returns e/sqrt(e^2+alpha^2) while compute implements alpha^2(sqrt(1+(e/alpha)^2)-1) whose true gradient
is alpha*e/sqrt(alpha^2+e^2) (missing factor alpha)". The tests used alpha = 1, where the factor is
invisible; the default is alpha = 0.9. differentiate() gives the derivative of _compute() element by
element (the output layer applies the batch average), so the loss here is the sum of _compute over
the elements. Translated from PHP (Tensor\\Matrix) to numpy; one sample per column as in Rubix.
Loss: sum(alpha^2 (sqrt(1 + ((target - output) / alpha)^2) - 1)); output, target (1, 6), alpha = 0.9.
"""

import numpy as np
import torch

from verify import derivation

ALPHA = 0.9


def loss(output, target):
    z = target - output
    return (ALPHA ** 2 * (torch.sqrt(1.0 + (z / ALPHA) ** 2) - 1.0)).sum()


def differentiate(output, target):
    alpha2 = ALPHA ** 2
    alpha = output - target
    return np.power(np.square(alpha) + alpha2, -0.5) * alpha  # <- wrong


def differentiate_fixed(output, target):
    alpha2 = ALPHA ** 2
    alpha = output - target
    return np.power(np.square(alpha) + alpha2, -0.5) * alpha * ALPHA


def grad(output, target):
    return differentiate(output, target)


def grad_fixed(output, target):
    return differentiate_fixed(output, target)


SPEC = dict(wrt="output", shapes={"output": (1, 6), "target": (1, 6)})
case = derivation(loss, grad, **SPEC, name="u_huber_01")
CAUSE = "wrong-coefficient"
FIX = "Multiply the derivative by alpha: d/d output = alpha (output - target) / sqrt((output - target)^2 + alpha^2)."
