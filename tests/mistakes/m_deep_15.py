"""Three-layer network, leaky ReLU hidden layers, linear output, bias vectors (note 001 layout):
J = 1/m sum_i sum_k 1/2 (out_ki - y_ki)^2, a^(l+1) = leaky_relu(W^(l) a^(l) + b^(l), SLOPE),
out = W3 a^(3) + b3; x (S1, m), y (S4, m), W^(l) (S_(l+1), S_l), b^(l) (S_(l+1),).
"""

import torch
import torch.nn.functional as F

from verify import derivation

SLOPE = 0.1


def loss(x, y, W1, b1, W2, b2, W3, b3):
    """J = 1/m sum_i sum_k 1/2 (out_ki - y_ki)^2, leaky ReLU hidden layers, linear output."""
    a = x
    for W, b in ((W1, b1), (W2, b2)):
        a = F.leaky_relu(W @ a + b[:, None], SLOPE)
    out = W3 @ a + b3[:, None]
    return 0.5 * ((out - y) ** 2).sum() / x.shape[1]


def grad(x, y, W1, b1, W2, b2, W3, b3):
    Ws, bs = [W1, W2, W3], [b1, b2, b3]
    m = x.shape[1]
    zs, a = [], [x]
    for W, b in zip(Ws[:-1], bs[:-1], strict=True):
        zs.append(W @ a[-1] + b[:, None])
        a.append(torch.where(zs[-1] > 0, zs[-1], SLOPE * zs[-1]))
    out = W3 @ a[-1] + b3[:, None]
    delta = out - y
    dW, db = [None] * 3, [None] * 3
    for l in reversed(range(3)):
        dW[l] = delta @ a[l].T / m
        db[l] = delta.sum(1) / m
        if l > 0:
            dg = (zs[l - 1] > 0).to(x.dtype)  # <- wrong
            delta = (Ws[l].T @ delta) * dg
    return dW[0], db[0], dW[1], db[1], dW[2], db[2]


def grad_fixed(x, y, W1, b1, W2, b2, W3, b3):
    Ws, bs = [W1, W2, W3], [b1, b2, b3]
    m = x.shape[1]
    zs, a = [], [x]
    for W, b in zip(Ws[:-1], bs[:-1], strict=True):
        zs.append(W @ a[-1] + b[:, None])
        a.append(torch.where(zs[-1] > 0, zs[-1], SLOPE * zs[-1]))
    out = W3 @ a[-1] + b3[:, None]
    delta = out - y
    dW, db = [None] * 3, [None] * 3
    for l in reversed(range(3)):
        dW[l] = delta @ a[l].T / m
        db[l] = delta.sum(1) / m
        if l > 0:
            dg = (zs[l - 1] > 0).to(x.dtype) * (1 - SLOPE) + SLOPE
            delta = (Ws[l].T @ delta) * dg
    return dW[0], db[0], dW[1], db[1], dW[2], db[2]


SPEC = dict(wrt=("W1", "b1", "W2", "b2", "W3", "b3"),
            shapes={"x": ("S1", "m"), "y": ("S4", "m"), "W1": ("S2", "S1"), "b1": ("S2",),
            "W2": ("S3", "S2"), "b2": ("S3",), "W3": ("S4", "S3"), "b3": ("S4",)},
            draws={"W1": ("normal", 0.6), "W2": ("normal", 0.5), "W3": ("normal", 0.5)},
            sizes={"S1": 3, "S2": 4, "S3": 4, "S4": 2, "m": 4})
case = derivation(loss, grad, **SPEC, name="m_deep_15")
CAUSE = "mask"
FIX = "Leaky ReLU has slope SLOPE, not 0, for z <= 0: g'(z) = 1 if z > 0 else SLOPE."
