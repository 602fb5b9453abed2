"""ReLU followed by inverted dropout (keep probability 0.5) with the random draws u given
as an input, torch: h = relu(x), out = h * (u < 0.5) / 0.5, loss = sum(dout * out);
x (N, D), u (N, D) uniform in (0.1, 0.9), dout (N, D), N = 3, D = 8.
"""

import torch

from verify import derivation

P_KEEP = 0.5


def loss(x, u, dout):
    mask = (u < P_KEEP).to(x.dtype) / P_KEEP
    return (dout * torch.relu(x) * mask).sum()


def grad(x, u, dout):
    mask = (u < P_KEEP).to(x.dtype) / P_KEEP
    dh = dout / P_KEEP  # <- wrong
    dx = dh * (x > 0)
    return dx


def grad_fixed(x, u, dout):
    mask = (u < P_KEEP).to(x.dtype) / P_KEEP
    dh = dout * mask
    dx = dh * (x > 0)
    return dx


SPEC = dict(wrt="x", shapes={"x": ("N", "D"), "u": ("N", "D"), "dout": ("N", "D")},
            draws={"u": "uniform"}, sizes={"N": 3, "D": 8})
case = derivation(loss, grad, **SPEC, name="m_dropout_03")
CAUSE = "mask"
FIX = "Dropped units get no gradient: dh = dout * mask (the scaled mask), not dout / p_keep everywhere."
