"""A single ELU unit (alpha = 1) with half the squared error, pure Python:
z_i = w . x_i + b, o_i = elu(z_i), L = 1/2 sum_i (o_i - t_i)^2;
x (N, D), w (D,), b (1,), t (N,); N = 6, D = 3.
"""

import math

import torch.nn.functional as F

from verify import derivation

ALPHA = 1.0


def loss(x, w, b, t):
    o = F.elu(x @ w + b, alpha=ALPHA)
    return 0.5 * ((o - t) ** 2).sum()


def grad(x, w, b, t):
    x, w, t = x.tolist(), w.tolist(), t.tolist()
    b = b.tolist()[0]
    dw = [0.0] * len(w)
    db = 0.0
    for xi, ti in zip(x, t):
        z = sum(a * c for a, c in zip(w, xi)) + b
        o = z if z > 0 else ALPHA * (math.exp(z) - 1)
        d = 1.0 if z > 0 else ALPHA * math.exp(o)  # <- wrong
        g = (o - ti) * d
        dw = [dwj + g * xj for dwj, xj in zip(dw, xi)]
        db += g
    return dw, [db]


def grad_fixed(x, w, b, t):
    x, w, t = x.tolist(), w.tolist(), t.tolist()
    b = b.tolist()[0]
    dw = [0.0] * len(w)
    db = 0.0
    for xi, ti in zip(x, t):
        z = sum(a * c for a, c in zip(w, xi)) + b
        o = z if z > 0 else ALPHA * (math.exp(z) - 1)
        d = 1.0 if z > 0 else ALPHA * math.exp(z)
        g = (o - ti) * d
        dw = [dwj + g * xj for dwj, xj in zip(dw, xi)]
        db += g
    return dw, [db]


SPEC = dict(wrt=("w", "b"), shapes={"x": ("N", "D"), "w": ("D",), "b": (1,), "t": ("N",)},
            sizes={"N": 6, "D": 3})
case = derivation(loss, grad, **SPEC, name="n_elu_24")
CAUSE = "activation-derivative-of-input"
FIX = "For z <= 0 the ELU derivative is alpha * exp(z) of the pre-activation z, not exp of the output o."
