"""A two-layer net whose output is scaled by a fixed gain, as in residual branches:
h = tanh(x W1), y = GAIN (h W2), E = 1/2 sum (y - t)^2; x (N, D), W1 (D, H), W2 (H, K), t (N, K).
"""

import torch

from verify import derivation

GAIN = 0.3


def loss(x, W1, W2, t):
    y = GAIN * (torch.tanh(x @ W1) @ W2)
    return 0.5 * ((y - t) ** 2).sum()


def grad(x, W1, W2, t):
    h = torch.tanh(x @ W1)
    y = GAIN * (h @ W2)
    dy = y - t  # <- wrong
    dW2 = h.T @ dy
    dW1 = x.T @ ((dy @ W2.T) * (1 - h ** 2))
    return dW1, dW2


def grad_fixed(x, W1, W2, t):
    h = torch.tanh(x @ W1)
    y = GAIN * (h @ W2)
    dy = GAIN * (y - t)
    dW2 = h.T @ dy
    dW1 = x.T @ ((dy @ W2.T) * (1 - h ** 2))
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"), shapes={"x": ("N", "D"), "W1": ("D", "H"), "W2": ("H", "K"),
                                      "t": ("N", "K")},
            sizes={"N": 5, "D": 3, "H": 4, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_mlp_27")
CAUSE = "wrong-coefficient"
FIX = "y = GAIN (h W2), so dE/d(h W2) = GAIN (y - t): the gain is a factor of every gradient."
