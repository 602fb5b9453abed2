"""A softplus regression unit over a few examples, plain Python: y_n = softplus(w . x_n + b),
E = 1/2 sum_n (y_n - t_n)^2; X (4, 3), w (3,), b (1,), t (4,).
"""

import math

import torch.nn.functional as F

from verify import derivation


def loss(X, w, b, t):
    y = F.softplus(X @ w + b)
    return 0.5 * ((y - t) ** 2).sum()


def softplus(z):
    return max(z, 0.0) + math.log1p(math.exp(-abs(z)))


def logistic(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def grad(X, w, b, t):
    ws = [float(v) for v in w]
    dw = [0.0 for _ in ws]
    db = 0.0
    for row, tn in zip(X, t):
        xs = [float(v) for v in row]
        z = sum(wi * xi for wi, xi in zip(ws, xs)) + float(b[0])
        err = softplus(z) - float(tn)
        dz = err  # <- wrong
        dw = [dwi + dz * xi for dwi, xi in zip(dw, xs)]
        db += dz
    return dw, [db]


def grad_fixed(X, w, b, t):
    ws = [float(v) for v in w]
    dw = [0.0 for _ in ws]
    db = 0.0
    for row, tn in zip(X, t):
        xs = [float(v) for v in row]
        z = sum(wi * xi for wi, xi in zip(ws, xs)) + float(b[0])
        err = softplus(z) - float(tn)
        dz = err * logistic(z)
        dw = [dwi + dz * xi for dwi, xi in zip(dw, xs)]
        db += dz
    return dw, [db]


SPEC = dict(wrt=("w", "b"), shapes={"X": (4, 3), "w": (3,), "b": (1,), "t": (4,)})
case = derivation(loss, grad, **SPEC, name="p_softplus_21")
CAUSE = "activation-derivative-missing"
FIX = "softplus'(z) = sigmoid(z) must multiply the error: dz = err * sigmoid(z)."
