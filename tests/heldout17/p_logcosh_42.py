"""Log-cosh regression in plain Python: p_n = w . x_n + b, L = mean_n log(cosh(p_n - t_n));
X (4, 3), w (3,), b (1,), t (4,).
"""

import math

import torch.nn.functional as F

from verify import derivation


def loss(X, w, b, t):
    r = X @ w + b - t
    return (r + F.softplus(-2 * r) - math.log(2.0)).mean()


def grad(X, w, b, t):
    rows = [[float(v) for v in r] for r in X]
    ws = [float(v) for v in w]
    b0 = float(b[0])
    preds = []
    for x in rows:
        preds.append(sum(wi * xi for wi, xi in zip(ws, x)) + b0)
    n = len(rows)
    gw = [0.0] * len(ws)
    gb = 0.0
    for i, (p, tn) in enumerate(zip(preds, t)):
        g = math.tanh(p - float(tn)) / n
        for j in range(len(ws)):
            gw[j] += g * x[j]  # <- wrong
        gb += g
    return gw, [gb]


def grad_fixed(X, w, b, t):
    rows = [[float(v) for v in r] for r in X]
    ws = [float(v) for v in w]
    b0 = float(b[0])
    preds = []
    for x in rows:
        preds.append(sum(wi * xi for wi, xi in zip(ws, x)) + b0)
    n = len(rows)
    gw = [0.0] * len(ws)
    gb = 0.0
    for i, (p, tn) in enumerate(zip(preds, t)):
        g = math.tanh(p - float(tn)) / n
        for j in range(len(ws)):
            gw[j] += g * rows[i][j]
        gb += g
    return gw, [gb]


SPEC = dict(wrt=("w", "b"), shapes={"X": (4, 3), "w": (3,), "b": (1,), "t": (4,)})
case = derivation(loss, grad, **SPEC, name="p_logcosh_42")
CAUSE = "wrong-operand"
FIX = "Use example i's own input rows[i][j]; x is the last row left over from the forward loop."
