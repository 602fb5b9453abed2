"""A gated linear unit layer, torch:
y = (x W + b) * sigma(x V + c), L = sum(dout * y);
x (4, 3), W (3, 2), V (3, 2), b (2,), c (2,), dout (4, 2).
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, W, V, b, c, dout):
    return (dout * F.glu(torch.cat([x @ W + b, x @ V + c], dim=1), dim=1)).sum()


def grad(x, W, V, b, c, dout):
    a = x @ W + b
    g = torch.sigmoid(x @ V + c)
    da = dout * g
    dgz = dout * a * g * (1 - g)
    dW, db = x.T @ da, da.sum(0)
    dV, dc = x.T @ dgz, dgz.sum(0)
    return dV, db, dW, dc  # <- wrong


def grad_fixed(x, W, V, b, c, dout):
    a = x @ W + b
    g = torch.sigmoid(x @ V + c)
    da = dout * g
    dgz = dout * a * g * (1 - g)
    dW, db = x.T @ da, da.sum(0)
    dV, dc = x.T @ dgz, dgz.sum(0)
    return dW, db, dV, dc


SPEC = dict(wrt=("W", "b", "V", "c"),
            shapes={"x": (4, 3), "W": (3, 2), "V": (3, 2), "b": (2,), "c": (2,), "dout": (4, 2)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_glu_02")
CAUSE = "return-order"
FIX = "Return in the order of wrt: dW, db, dV, dc."
