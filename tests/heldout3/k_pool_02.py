"""2x2 max pooling with stride 2 in numpy via a window reshape: x (N, C, H, W) = (2, 2, 4, 4)
-> out (2, 2, 2, 2), L = sum(dout * out); the gradient goes to the maximum of each window.
"""

import torch.nn.functional as F

from verify import derivation


def loss(x, dout):
    return (dout * F.max_pool2d(x, 2)).sum()


def grad(x, dout):
    N, C, H, W = x.shape
    win = x.reshape(N, C, H // 2, 2, W // 2, 2)
    out = win.max(axis=(3, 5), keepdims=True)
    mask = win == win.max()  # <- wrong
    dwin = mask * dout[:, :, :, None, :, None]
    return dwin.reshape(N, C, H, W)


def grad_fixed(x, dout):
    N, C, H, W = x.shape
    win = x.reshape(N, C, H // 2, 2, W // 2, 2)
    out = win.max(axis=(3, 5), keepdims=True)
    mask = win == out
    dwin = mask * dout[:, :, :, None, :, None]
    return dwin.reshape(N, C, H, W)


SPEC = dict(wrt="x", shapes={"x": (2, 2, 4, 4), "dout": (2, 2, 2, 2)})
case = derivation(loss, grad, **SPEC, name="k_pool_02")
CAUSE = "mask"
FIX = "The argmax mask is per window: compare win with the window maxima out, not the global maximum."
