"""Input gradient of LayerNorm in flagos-ai/FlagGems (src/flag_gems/ops/layernorm.py, layer_norm_backward_kernel), Triton translated to numpy.

Source: https://github.com/flagos-ai/FlagGems/pull/59 ("[bugfix] fix error in layer_norm_backward_kernel":
"layer_norm_backward_kernel does not work correctly with BLOCK_ROW_SIZE > 1"). Each program handles a
block of BLOCK_ROW_SIZE rows, but the row reductions were written
    dx_2 = tl.sum(dx_part2)
    dx_3 = tl.sum(dx_part3)
which sum over the whole [BLOCK_ROW_SIZE, BLOCK_COL_SIZE] block instead of per row; the fix sums over
axis=1 and keeps the row axis (dx_2 = tl.sum(dx_part2, axis=1)[:, None]). Here the whole X is one
block of rows; the dx_3 line had the same mistake and is kept fixed in both versions so the bug is the
dx_2 line. Loss: sum(G * layer_norm(X, (N,), W)); X (4, 6), W (6,), G (4, 6), eps = 1e-5.
"""

import numpy as np
import torch

from verify import derivation

eps = 1e-5


def loss(X, W, G):
    return (G * torch.nn.functional.layer_norm(X, (X.shape[1],), W, None, eps)).sum()


def grad(X, W, G):
    N = X.shape[1]
    mean = X.mean(axis=1, keepdims=True)
    rstd = 1 / np.sqrt(((X - mean) ** 2).mean(axis=1, keepdims=True) + eps)
    dy = G
    x_hat = (X - mean) * rstd
    dx_hat = dy * W
    dx_part2 = dx_hat
    dx_part3 = dx_hat * x_hat
    dx_2 = np.sum(dx_part2)  # <- wrong
    dx_3 = np.sum(dx_part3, axis=1)[:, None]
    dx = rstd * (dx_hat - (dx_2 + x_hat * dx_3) / N)
    return dx


def grad_fixed(X, W, G):
    N = X.shape[1]
    mean = X.mean(axis=1, keepdims=True)
    rstd = 1 / np.sqrt(((X - mean) ** 2).mean(axis=1, keepdims=True) + eps)
    dy = G
    x_hat = (X - mean) * rstd
    dx_hat = dy * W
    dx_part2 = dx_hat
    dx_part3 = dx_hat * x_hat
    dx_2 = np.sum(dx_part2, axis=1)[:, None]
    dx_3 = np.sum(dx_part3, axis=1)[:, None]
    dx = rstd * (dx_hat - (dx_2 + x_hat * dx_3) / N)
    return dx


SPEC = dict(wrt="X", shapes={"X": (4, 6), "W": (6,), "G": (4, 6)})
case = derivation(loss, grad, **SPEC, name="r_layernorm_27")
CAUSE = "reduction-axis"
FIX = "The LayerNorm row statistic dx_2 must be summed per row (axis=1, row axis kept), not over the whole block of rows."
