"""A softplus regression unit, pure Python:
o_i = softplus(w . x_i), L = 1/(2n) sum_i (o_i - t_i)^2;
x (6, 3), w (3,), t (6,).
"""

import math

import torch.nn.functional as F

from verify import derivation


def loss(x, w, t):
    o = F.softplus(x @ w)
    return 0.5 * ((o - t) ** 2).mean()


def softplus(z):
    return max(z, 0.0) + math.log1p(math.exp(-abs(z)))


def sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def grad(x, w, t):
    x, w, t = x.tolist(), w.tolist(), t.tolist()
    n = len(x)
    dw = [0.0] * len(w)
    for i in range(n):
        z = sum(w[j] * x[i][j] for j in range(len(w)))
        o = softplus(z)
        err = (o - t[i]) / n
        g = err * sigmoid(z)        # softplus'(z) = sigmoid(z)
        for j in range(len(w)):
            dw[j] -= g * x[i][j]  # <- wrong
    return dw


def grad_fixed(x, w, t):
    x, w, t = x.tolist(), w.tolist(), t.tolist()
    n = len(x)
    dw = [0.0] * len(w)
    for i in range(n):
        z = sum(w[j] * x[i][j] for j in range(len(w)))
        o = softplus(z)
        err = (o - t[i]) / n
        g = err * sigmoid(z)        # softplus'(z) = sigmoid(z)
        for j in range(len(w)):
            dw[j] += g * x[i][j]
    return dw


SPEC = dict(wrt="w", shapes={"x": (6, 3), "w": (3,), "t": (6,)}, draws={"t": ("positive", 1.0, 0.1)})
case = derivation(loss, grad, **SPEC, name="n_softplus_05")
CAUSE = "sign"
FIX = "The gradient accumulates the per-example terms, so it is dw[j] += g * x[i][j]; the minus belongs to the update step, not to the gradient."
