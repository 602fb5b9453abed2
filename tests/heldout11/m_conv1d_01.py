"""A 1-D convolution layer (valid, stride 1) backward through unfold and einsum, torch:
y[n, o, l] = b_o + sum_{c,k} W[o, c, k] x[n, c, l + k], L = sum(dout * y);
x (2, 3, 6), W (4, 3, 3), b (4,), dout (2, 4, 4): as many output channels as output positions.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, W, b, dout):
    return (dout * F.conv1d(x, W, b)).sum()


def grad(x, W, b, dout):
    K = W.shape[2]
    cols = x.unfold(2, K, 1)
    dW = torch.einsum("nol,nclk->ock", dout, cols)
    db = dout.sum(dim=(0, 1))  # <- wrong
    dx = F.conv_transpose1d(dout, W)
    return dx, dW, db


def grad_fixed(x, W, b, dout):
    K = W.shape[2]
    cols = x.unfold(2, K, 1)
    dW = torch.einsum("nol,nclk->ock", dout, cols)
    db = dout.sum(dim=(0, 2))
    dx = F.conv_transpose1d(dout, W)
    return dx, dW, db


SPEC = dict(wrt=("x", "W", "b"),
            shapes={"x": (2, 3, 6), "W": (4, 3, 3), "b": (4,), "dout": (2, 4, 4)}, draws={})
case = derivation(loss, grad, **SPEC, name="m_conv1d_01")
CAUSE = "reduction-axis"
FIX = "Each bias is added at every example and every position, so db sums dout over axes 0 and 2."
