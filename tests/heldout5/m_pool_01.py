"""Average pooling, naive numpy loops as in a course's avg_pool_backward_naive, with a
non-square window: pool (2, 3), stride (2, 3); loss = sum(dout * avg_pool2d(x));
x (3, 4, 6, 9), dout (3, 4, 3, 3).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

POOL = (2, 3)
STRIDE = (2, 3)


def loss(x, dout):
    return (dout * F.avg_pool2d(x, POOL, STRIDE)).sum()


def grad(x, dout):
    N, C, H, W = x.shape
    ph, pw = POOL
    sh, sw = STRIDE
    Ho = (H - ph) // sh + 1
    Wo = (W - pw) // sw + 1
    area = ph * ph  # <- wrong
    dx = np.zeros_like(x)
    for n in range(N):
        for c in range(C):
            for i in range(Ho):
                for j in range(Wo):
                    dx[n, c, i * sh:i * sh + ph, j * sw:j * sw + pw] += dout[n, c, i, j] / area
    return dx


def grad_fixed(x, dout):
    N, C, H, W = x.shape
    ph, pw = POOL
    sh, sw = STRIDE
    Ho = (H - ph) // sh + 1
    Wo = (W - pw) // sw + 1
    area = ph * pw
    dx = np.zeros_like(x)
    for n in range(N):
        for c in range(C):
            for i in range(Ho):
                for j in range(Wo):
                    dx[n, c, i * sh:i * sh + ph, j * sw:j * sw + pw] += dout[n, c, i, j] / area
    return dx


SPEC = dict(numpy=True, wrt="x", shapes={"x": (3, 4, 6, 9), "dout": (3, 4, 3, 3)})
case = derivation(loss, grad, **SPEC, name="m_pool_01")
CAUSE = "wrong-divisor"
FIX = "Each output averages ph * pw inputs, so the share of each is dout / (ph * pw), not / ph^2."
