"""A highway layer, torch backward:
H = relu(x Wh + bh), T = sigma(x Wt + bt), y = T * H + (1 - T) * x, L = sum(dy * y);
x (N, D), Wh, Wt (D, D), bh, bt (D,), dy (N, D) with N = 5, D = 4.
"""

import torch

from verify import derivation


def loss(x, Wh, bh, Wt, bt, dy):
    H = torch.relu(x @ Wh + bh)
    T = torch.sigmoid(x @ Wt + bt)
    return (dy * (T * H + (1 - T) * x)).sum()


def grad(x, Wh, bh, Wt, bt, dy):
    zh = x @ Wh + bh
    H = torch.relu(zh)
    T = torch.sigmoid(x @ Wt + bt)
    dH = dy * T
    dT = dy * (H - x)
    dzh = dH * (zh > 0)
    dzt = dT  # <- wrong
    dWh = x.T @ dzh
    dbh = dzh.sum(0)
    dWt = x.T @ dzt
    dbt = dzt.sum(0)
    return dWh, dbh, dWt, dbt


def grad_fixed(x, Wh, bh, Wt, bt, dy):
    zh = x @ Wh + bh
    H = torch.relu(zh)
    T = torch.sigmoid(x @ Wt + bt)
    dH = dy * T
    dT = dy * (H - x)
    dzh = dH * (zh > 0)
    dzt = dT * T * (1 - T)
    dWh = x.T @ dzh
    dbh = dzh.sum(0)
    dWt = x.T @ dzt
    dbt = dzt.sum(0)
    return dWh, dbh, dWt, dbt


SPEC = dict(wrt=("Wh", "bh", "Wt", "bt"),
            shapes={"x": ("N", "D"), "Wh": ("D", "D"), "bh": ("D",), "Wt": ("D", "D"),
                    "bt": ("D",), "dy": ("N", "D")},
            draws={}, sizes={"N": 5, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_highway_01")
CAUSE = "activation-derivative-missing"
FIX = "The transform gate is a sigmoid, so dzt = dT * T * (1 - T)."
