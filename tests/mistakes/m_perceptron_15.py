"""A single neuron with LeCun's scaled tanh, f(z) = 1.7159 tanh(2/3 z), and squared error:
z = x w, O = f(z), E = 1/2 sum (O - t)^2; x (N, D), w (D,), t (N,).
"""

import numpy as np
import torch

from verify import derivation

A, S = 1.7159, 2.0 / 3.0


def loss(x, w, t):
    return 0.5 * ((A * torch.tanh(S * (x @ w)) - t) ** 2).sum()


def grad(x, w, t):
    z = x @ w
    th = np.tanh(S * z)
    dO = A * th - t
    dz = dO * A * (1 - th ** 2)  # <- wrong
    return x.T @ dz


def grad_fixed(x, w, t):
    z = x @ w
    th = np.tanh(S * z)
    dO = A * th - t
    dz = dO * A * S * (1 - th ** 2)
    return x.T @ dz


SPEC = dict(wrt="w", shapes={"w": ("D",), "x": ("N", "D"), "t": ("N",)},
            sizes={"N": 6, "D": 4}, numpy=True)
case = derivation(loss, grad, **SPEC, name="m_perceptron_15")
CAUSE = "wrong-coefficient"
FIX = "The inner scale S = 2/3 of tanh(S z) is a factor of the derivative: A S (1 - tanh^2)."
