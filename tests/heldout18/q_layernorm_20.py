"""tenstorrent/tt-metal issue #53204 (https://github.com/tenstorrent/tt-metal/issues/53204), fixed by
PR #53215: tt-train's layernorm_bw kernel (compute_dx) produced
dx = rstd*(dy*gamma - 2*mean(dy*gamma) - xhat*mean(dy*gamma*xhat)) instead of the reference with a
single mean(dy*gamma) (mul_tiles accumulated onto a register still holding s1). The kernel's formula
in numpy, over the last axis: x (4, 6), gamma (6,), dy (4, 6), L = sum(dy * layer_norm(x) * gamma).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, gamma, dy):
    mean = x.mean(-1, keepdim=True)
    var = ((x - mean) ** 2).mean(-1, keepdim=True)
    return (dy * gamma * (x - mean) / torch.sqrt(var + 1e-5)).sum()


def grad(x, gamma, dy):
    mean = np.mean(x, axis=-1, keepdims=True)
    rstd = 1 / np.sqrt(np.mean((x - mean) ** 2, axis=-1, keepdims=True) + 1e-5)
    x_hat = (x - mean) * rstd
    dyg = dy * gamma
    dx = rstd * (dyg - 2 * np.mean(dyg, axis=-1, keepdims=True) - x_hat * np.mean(dyg * x_hat, axis=-1, keepdims=True))  # <- wrong
    return dx


def grad_fixed(x, gamma, dy):
    mean = np.mean(x, axis=-1, keepdims=True)
    rstd = 1 / np.sqrt(np.mean((x - mean) ** 2, axis=-1, keepdims=True) + 1e-5)
    x_hat = (x - mean) * rstd
    dyg = dy * gamma
    dx = rstd * (dyg - np.mean(dyg, axis=-1, keepdims=True) - x_hat * np.mean(dyg * x_hat, axis=-1, keepdims=True))
    return dx


SPEC = dict(wrt="x", shapes={"x": (4, 6), "gamma": (6,), "dy": (4, 6)})
case = derivation(loss, grad, **SPEC, name="q_layernorm_20")
CAUSE = "wrong-coefficient"
FIX = "The centring subtracts mean(dy*gamma) once: dx = rstd * (dyg - mean(dyg) - x_hat * mean(dyg * x_hat))."
