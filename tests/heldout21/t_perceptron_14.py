"""Single sigmoid unit (a perceptron with a smooth activation) on a batch, torch.

o = sigmoid(x w), L = 0.5 * sum((o - t)^2); x (5, 3), w (3,), t (5,) targets in (0, 1).
Gradient with respect to w.
Mistake: the delta keeps a 2 from d/do (o - t)^2 although the loss's 1/2 cancels it.
"""

import torch

from verify import derivation


def loss(w, x, t):
    return 0.5 * ((torch.sigmoid(x @ w) - t) ** 2).sum()


def grad(w, x, t):
    o = 1 / (1 + torch.exp(-(x @ w)))
    delta = 2 * (o - t) * o * (1 - o)  # <- wrong
    return x.T @ delta


def grad_fixed(w, x, t):
    o = 1 / (1 + torch.exp(-(x @ w)))
    delta = (o - t) * o * (1 - o)
    return x.T @ delta


SPEC = dict(wrt="w", shapes={"w": (3,), "x": (5, 3), "t": (5,)}, draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="t_perceptron_14")
CAUSE = "mse-convention"
FIX = "With L = 0.5 * sum((o - t)^2) the 1/2 cancels the 2 of the square: delta = (o - t) o (1 - o)."
