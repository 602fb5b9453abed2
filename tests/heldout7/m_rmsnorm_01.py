"""RMS normalisation with a gain, numpy: rms = sqrt(mean_d x^2 + eps) per row, y = g * x / rms,
checked through L = sum(dout * y); x (4, 6), g (6,), dout (4, 6), eps = 1e-6.
"""

import numpy as np
import torch

from verify import derivation

EPS = 1e-6


def loss(x, g, dout):
    rms = torch.sqrt((x * x).mean(dim=-1, keepdim=True) + EPS)
    return (dout * g * x / rms).sum()


def grad(x, g, dout):
    D = x.shape[-1]
    rms = np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + EPS)
    gdy = dout * g
    dg = np.sum(dout * x / rms, axis=0)
    proj = np.sum(gdy * x)  # <- wrong
    dx = gdy / rms - x * proj / (D * rms ** 3)
    return dx, dg


def grad_fixed(x, g, dout):
    D = x.shape[-1]
    rms = np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + EPS)
    gdy = dout * g
    dg = np.sum(dout * x / rms, axis=0)
    proj = np.sum(gdy * x, axis=-1, keepdims=True)
    dx = gdy / rms - x * proj / (D * rms ** 3)
    return dx, dg


SPEC = dict(wrt=("x", "g"),
            shapes={"x": (4, 6), "g": (6,), "dout": (4, 6)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_rmsnorm_01")
CAUSE = "reduction-axis"
FIX = "Each row has its own rms, so the projection sums over the feature axis of each row (axis=-1, keepdims)."
