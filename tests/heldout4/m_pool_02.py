"""1-D average pooling, window 3 and stride 3, torch: out = F.avg_pool1d(x, 3),
loss = sum(dout * out); x (N, C, L) = (2, 3, 12), dout (2, 3, 4).
"""

import torch.nn.functional as F

from verify import derivation

K = 3


def loss(x, dout):
    return (dout * F.avg_pool1d(x, K)).sum()


def grad(x, dout):
    dx = dout.repeat_interleave(K, dim=-1)
    dx = dx / dout.shape[-1]  # <- wrong
    return dx


def grad_fixed(x, dout):
    dx = dout.repeat_interleave(K, dim=-1)
    dx = dx / K
    return dx


SPEC = dict(wrt="x", shapes={"x": (2, 3, 12), "dout": (2, 3, 4)})
case = derivation(loss, grad, **SPEC, name="m_pool_02")
CAUSE = "wrong-divisor"
FIX = "Each output averages K = 3 inputs, so each input gets dout / K, not dout / (number of outputs)."
