"""A ReLU layer with inverted dropout (keep probability 0.5) and a linear read-out, torch:
keep = (u < 0.5), hd = relu(x W1) * keep / 0.5, out = hd w2, L = 1/2 sum (out - y)^2;
x (N, D), W1 (D, H), w2 (H,), u (N, H) uniform, y (N,) with N = 8, D = 3, H = 6.
"""

import torch

from verify import derivation

P_KEEP = 0.5


def loss(x, u, y, W1, w2):
    keep = (u < P_KEEP).to(x.dtype)
    hd = torch.relu(x @ W1) * keep / P_KEEP
    return 0.5 * ((hd @ w2 - y) ** 2).sum()


def grad(x, u, y, W1, w2):
    mask = (u < P_KEEP).to(x.dtype)
    z = x @ W1
    hd = torch.relu(z) * mask / P_KEEP
    dout = hd @ w2 - y
    dw2 = hd.T @ dout
    dhd = dout[:, None] * w2[None, :]
    dh = dhd / P_KEEP  # <- wrong
    dz = dh * (z > 0)
    dW1 = x.T @ dz
    return dW1, dw2


def grad_fixed(x, u, y, W1, w2):
    mask = (u < P_KEEP).to(x.dtype)
    z = x @ W1
    hd = torch.relu(z) * mask / P_KEEP
    dout = hd @ w2 - y
    dw2 = hd.T @ dout
    dhd = dout[:, None] * w2[None, :]
    dh = dhd * mask / P_KEEP
    dz = dh * (z > 0)
    dW1 = x.T @ dz
    return dW1, dw2


SPEC = dict(wrt=("W1", "w2"),
            shapes={"x": ("N", "D"), "u": ("N", "H"), "y": ("N",), "W1": ("D", "H"),
                    "w2": ("H",)},
            draws={"u": ("uniform", 0.0, 1.0)}, sizes={"N": 8, "D": 3, "H": 6})
case = derivation(loss, grad, **SPEC, name="m_dropout_01")
CAUSE = "mask"
FIX = "Dropped units get no gradient: dh = dhd * mask / p, the same mask as the forward."
