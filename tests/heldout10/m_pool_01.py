"""Average pooling with a 3 x 3 window and stride 3, torch backward:
y = F.avg_pool2d(x, 3), L = sum(dout * y); x (2, 3, 6, 6), dout (2, 3, 2, 2).
"""

import torch.nn.functional as F

from verify import derivation

POOL = 3


def loss(x, dout):
    return (dout * F.avg_pool2d(x, POOL)).sum()


def grad(x, dout):
    K = POOL
    dx = dout.repeat_interleave(K, dim=2).repeat_interleave(K, dim=3)
    return dx / K  # <- wrong


def grad_fixed(x, dout):
    K = POOL
    dx = dout.repeat_interleave(K, dim=2).repeat_interleave(K, dim=3)
    return dx / (K * K)


SPEC = dict(wrt="x", shapes={"x": (2, 3, 6, 6), "dout": (2, 3, 2, 2)}, draws={})
case = derivation(loss, grad, **SPEC, name="m_pool_01")
CAUSE = "wrong-divisor"
FIX = "Each output averages K*K = 9 inputs, so each input receives dout / (K * K)."
