"""A highway layer (Srivastava et al.), checked through an upstream gradient, torch:
T = sigma(x Wt + bt), Hh = tanh(x Wh + bh), y = T * Hh + (1 - T) * x, E = sum(G * y);
x (N, D), Wt (D, D), bt (D,), Wh (D, D), bh (D,), G (N, D), with N = 4, D = 3.
"""

import torch

from verify import derivation


def loss(x, Wt, bt, Wh, bh, G):
    gate = torch.sigmoid(x @ Wt + bt)
    y = gate * torch.tanh(x @ Wh + bh) + (1 - gate) * x
    return (G * y).sum()


def grad(x, Wt, bt, Wh, bh, G):
    zt = x @ Wt + bt
    gate = torch.sigmoid(zt)
    zh = x @ Wh + bh
    hh = torch.tanh(zh)
    dgate = G * (hh - x)
    dzt = dgate * zt * (1 - zt)  # <- wrong
    dhh = G * gate
    dzh = dhh * (1 - hh ** 2)
    dWt = x.T @ dzt
    dWh = x.T @ dzh
    return dWt, dzt.sum(dim=0), dWh, dzh.sum(dim=0)


def grad_fixed(x, Wt, bt, Wh, bh, G):
    zt = x @ Wt + bt
    gate = torch.sigmoid(zt)
    zh = x @ Wh + bh
    hh = torch.tanh(zh)
    dgate = G * (hh - x)
    dzt = dgate * gate * (1 - gate)
    dhh = G * gate
    dzh = dhh * (1 - hh ** 2)
    dWt = x.T @ dzt
    dWh = x.T @ dzh
    return dWt, dzt.sum(dim=0), dWh, dzh.sum(dim=0)


SPEC = dict(wrt=("Wt", "bt", "Wh", "bh"),
            shapes={"x": ("N", "D"), "Wt": ("D", "D"), "bt": ("D",), "Wh": ("D", "D"),
                    "bh": ("D",), "G": ("N", "D")},
            draws={}, sizes={"N": 4, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_highway_01")
CAUSE = "activation-derivative-of-input"
FIX = "The gate's derivative is gate (1 - gate), at the sigmoid's output, not zt (1 - zt)."
