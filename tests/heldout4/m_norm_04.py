"""Layer normalisation with gain and bias and a staged backward, numpy: mu and var over
the last axis, xhat = (x - mu) / sqrt(var + eps), out = g xhat + b, loss = sum(dout * out);
x (N, D), g (D,), b (D,), dout (N, D), N = 4, D = 6. Gradient of x.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, g, b, dout):
    return (dout * F.layer_norm(x, (x.shape[-1],), g, b, eps=EPS)).sum()


def grad(x, g, b, dout):
    D = x.shape[-1]
    mu = x.mean(axis=-1, keepdims=True)
    xc = x - mu
    var = (xc ** 2).mean(axis=-1, keepdims=True)
    rstd = 1 / np.sqrt(var + EPS)
    dxhat = dout * g
    dvar = np.sum(dxhat * xc, axis=-1, keepdims=True) * -0.5 * rstd ** 3
    dmu = -np.sum(dxhat * rstd, axis=-1, keepdims=True)
    dx = dxhat * rstd + dvar * xc / D + dmu / D  # <- wrong
    return dx


def grad_fixed(x, g, b, dout):
    D = x.shape[-1]
    mu = x.mean(axis=-1, keepdims=True)
    xc = x - mu
    var = (xc ** 2).mean(axis=-1, keepdims=True)
    rstd = 1 / np.sqrt(var + EPS)
    dxhat = dout * g
    dvar = np.sum(dxhat * xc, axis=-1, keepdims=True) * -0.5 * rstd ** 3
    dmu = -np.sum(dxhat * rstd, axis=-1, keepdims=True)
    dx = dxhat * rstd + dvar * 2 * xc / D + dmu / D
    return dx


SPEC = dict(numpy=True, wrt="x", shapes={"x": ("N", "D"), "g": ("D",), "b": ("D",), "dout": ("N", "D")},
            sizes={"N": 4, "D": 6})
case = derivation(loss, grad, **SPEC, name="m_norm_04")
CAUSE = "square-factor"
FIX = "var = mean((x - mu)^2), so dvar/dx = 2 (x - mu) / D: the 2 from the square is missing."
