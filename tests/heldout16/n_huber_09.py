"""Linear regression with the Huber loss (delta = 1), pure Python:
r_i = w . x_i + b - t_i, L = huber_loss(o, t) = 1/n sum_i h(r_i),
h(r) = r^2 / 2 for |r| <= 1, |r| - 1/2 otherwise;
x (7, 3), w (3,), b (1,), t (7,).
"""

import torch.nn.functional as F

from verify import derivation

DELTA = 1.0


def loss(x, w, b, t):
    return F.huber_loss(x @ w + b, t, delta=DELTA)


def grad(x, w, b, t):
    x, w, t = x.tolist(), w.tolist(), t.tolist()
    b = b.tolist()[0]
    n = len(x)
    dw = [0.0] * len(w)
    db = 0.0
    for i in range(n):
        r = sum(wj * xj for wj, xj in zip(w, x[i])) + b - t[i]
        # h'(r) is r inside the quadratic zone, clipped to +-delta outside
        g = max(-DELTA, min(DELTA, r))  # <- wrong
        for j in range(len(w)):
            dw[j] += g * x[i][j]
        db += g
    return dw, [db]


def grad_fixed(x, w, b, t):
    x, w, t = x.tolist(), w.tolist(), t.tolist()
    b = b.tolist()[0]
    n = len(x)
    dw = [0.0] * len(w)
    db = 0.0
    for i in range(n):
        r = sum(wj * xj for wj, xj in zip(w, x[i])) + b - t[i]
        # h'(r) is r inside the quadratic zone, clipped to +-delta outside
        g = max(-DELTA, min(DELTA, r)) / n
        for j in range(len(w)):
            dw[j] += g * x[i][j]
        db += g
    return dw, [db]


SPEC = dict(wrt=("w", "b"), shapes={"x": (7, 3), "w": (3,), "b": (1,), "t": (7,)})
case = derivation(loss, grad, **SPEC, name="n_huber_09")
CAUSE = "batch-mean"
FIX = "huber_loss averages over the n examples, so each clipped residual is divided by n."
