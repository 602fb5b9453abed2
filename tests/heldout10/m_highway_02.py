"""A highway layer with a tanh transform, numpy backward:
H = tanh(x Wh + bh), T = sigma(x Wt + bt), y = T H + (1 - T) x, L = 1/2 sum (y - t)^2;
x, t (N, D), Wh, Wt (D, D), bh, bt (D,) with N = 6, D = 3.
"""

import numpy as np
import torch

from verify import derivation


def loss(x, t, Wh, bh, Wt, bt):
    H = torch.tanh(x @ Wh + bh)
    T = torch.sigmoid(x @ Wt + bt)
    return 0.5 * ((T * H + (1 - T) * x - t) ** 2).sum()


def grad(x, t, Wh, bh, Wt, bt):
    x, t, Wh, bh, Wt, bt = map(np.asarray, (x, t, Wh, bh, Wt, bt))
    H = np.tanh(x @ Wh + bh)
    T = 1.0 / (1.0 + np.exp(-(x @ Wt + bt)))
    dy = T * H + (1 - T) * x - t
    dzh = dy * T * (1 - H ** 2)
    dzt = dy * (H - x) * T * (1 - T)
    dWh = x.T @ dzh
    dbh = dzh.sum(axis=0)
    dWt = x.T @ dzt
    dbt = dzt.sum(axis=0)
    return dWt, dbt, dWh, dbh  # <- wrong


def grad_fixed(x, t, Wh, bh, Wt, bt):
    x, t, Wh, bh, Wt, bt = map(np.asarray, (x, t, Wh, bh, Wt, bt))
    H = np.tanh(x @ Wh + bh)
    T = 1.0 / (1.0 + np.exp(-(x @ Wt + bt)))
    dy = T * H + (1 - T) * x - t
    dzh = dy * T * (1 - H ** 2)
    dzt = dy * (H - x) * T * (1 - T)
    dWh = x.T @ dzh
    dbh = dzh.sum(axis=0)
    dWt = x.T @ dzt
    dbt = dzt.sum(axis=0)
    return dWh, dbh, dWt, dbt


SPEC = dict(wrt=("Wh", "bh", "Wt", "bt"),
            shapes={"x": ("N", "D"), "t": ("N", "D"), "Wh": ("D", "D"), "bh": ("D",),
                    "Wt": ("D", "D"), "bt": ("D",)},
            draws={}, sizes={"N": 6, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_highway_02")
CAUSE = "return-order"
FIX = "wrt is (Wh, bh, Wt, bt): return dWh, dbh, dWt, dbt."
