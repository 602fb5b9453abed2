"""Leaky ReLU derivative in scientific-computing/FKB (Fortran-Keras Bridge, src/lib/mod_activation.F90).

Source: https://github.com/scientific-computing/FKB/issues/15 ("Wrong derivative of leaky-relu
activation"). leaky_relu_prime(x, alpha) was a copy of the ReLU derivative:
    where (0.3 * x > 0)  res = 1  elsewhere  res = 0
so negative inputs got slope 0 instead of alpha; the derivative of a leaky ReLU is alpha there
(as in neural-fortran, which the maintainer points to). Translated from Fortran to numpy with
alpha = 0.3. Loss: sum(G * leaky_relu(x, 0.3)); x, G (3, 4).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

ALPHA = 0.3


def loss(x, G):
    return (G * F.leaky_relu(x, negative_slope=ALPHA)).sum()


def leaky_relu_prime(x, alpha):
    res = np.where(0.3 * x > 0, 1.0, 0.0)  # <- wrong
    return res


def leaky_relu_prime_fixed(x, alpha):
    res = np.where(0.3 * x > 0, 1.0, alpha)
    return res


def grad(x, G):
    return G * leaky_relu_prime(x, ALPHA)


def grad_fixed(x, G):
    return G * leaky_relu_prime_fixed(x, ALPHA)


SPEC = dict(wrt="x", shapes={"x": (3, 4), "G": (3, 4)})
case = derivation(loss, grad, **SPEC, name="s_leakyrelu_18")
CAUSE = "wrong-coefficient"
FIX = "On the negative side the leaky ReLU's derivative is alpha, not 0."
