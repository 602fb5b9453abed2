"""Non-overlapping 1-D average pooling (window 3, stride 3), torch:
y[n, c, j] = 1/3 sum_{k<3} x[n, c, 3 j + k], L = sum(dout * y);
x (4, 3, 6), dout (4, 3, 2).
"""

import torch.nn.functional as F

from verify import derivation

K = 3


def loss(x, dout):
    return (dout * F.avg_pool1d(x, K)).sum()


def grad(x, dout):
    N, C, L = x.shape
    xw = x.reshape(N, C, L // K, K)
    dxw = dout.unsqueeze(-1).expand_as(xw) / xw.shape[2]  # <- wrong
    dx = dxw.reshape(N, C, L)
    return dx


def grad_fixed(x, dout):
    N, C, L = x.shape
    xw = x.reshape(N, C, L // K, K)
    dxw = dout.unsqueeze(-1).expand_as(xw) / xw.shape[3]
    dx = dxw.reshape(N, C, L)
    return dx


SPEC = dict(wrt="x", shapes={"x": (4, 3, 6), "dout": (4, 3, 2)}, draws={})
case = derivation(loss, grad, **SPEC, name="m_avgpool_01")
CAUSE = "wrong-divisor"
FIX = "Each output averages its window of K = xw.shape[3] inputs, so divide by the window size, not by the number of windows."
