"""Sum of the unbiased sample variances of the rows, pure Python:
L = sum_r 1/(n - 1) sum_i (x_ri - m_r)^2 with m_r the row mean; x (3, 6).
"""

import torch

from verify import derivation


def loss(x):
    return torch.var(x, dim=1).sum()


def grad(x):
    dx = []
    for row in x.tolist():
        n = len(row)
        m = sum(row) / n
        drow = []
        for v in row:
            drow.append(2.0 * (v - m) / n)  # <- wrong
        dx.append(drow)
    return dx


def grad_fixed(x):
    dx = []
    for row in x.tolist():
        n = len(row)
        m = sum(row) / n
        drow = []
        for v in row:
            drow.append(2.0 * (v - m) / (n - 1))
        dx.append(drow)
    return dx


SPEC = dict(wrt="x", shapes={"x": (3, 6)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="w_variance_01")
CAUSE = "wrong-divisor"
FIX = "torch.var is the unbiased estimate, so its gradient is 2 (x_i - m) / (n - 1)."
