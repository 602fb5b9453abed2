"""A softplus neuron on a batch with the halved squared error, pure Python:
o_n = log(1 + exp(w . x_n + b)), L = 1/2 sum_n (o_n - t_n)^2; w (3,), b scalar, X (4, 3), t (4,).
"""

import math

import torch.nn.functional as F

from verify import derivation


def loss(w, b, X, t):
    o = F.softplus(X @ w + b)
    return 0.5 * ((o - t) ** 2).sum()


def grad(w, b, X, t):
    dw = [0.0] * len(w)
    db = 0.0
    for xn, tn in zip(X.tolist(), t.tolist()):
        z = sum(wi * xi for wi, xi in zip(w.tolist(), xn)) + float(b)
        o = math.log1p(math.exp(z))
        dz = o - tn  # <- wrong
        for i in range(len(dw)):
            dw[i] += dz * xn[i]
        db += dz
    return dw, db


def grad_fixed(w, b, X, t):
    dw = [0.0] * len(w)
    db = 0.0
    for xn, tn in zip(X.tolist(), t.tolist()):
        z = sum(wi * xi for wi, xi in zip(w.tolist(), xn)) + float(b)
        o = math.log1p(math.exp(z))
        dz = (o - tn) / (1.0 + math.exp(-z))
        for i in range(len(dw)):
            dw[i] += dz * xn[i]
        db += dz
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"w": (3,), "b": (), "X": (4, 3), "t": (4,)},
            draws={"t": "uniform"}, sizes={})
case = derivation(loss, grad, **SPEC, name="v_neuron_02")
CAUSE = "activation-derivative-missing"
FIX = "The chain rule through o = softplus(z) brings the factor softplus'(z) = sigma(z): dz = (o - t) sigma(z)."
