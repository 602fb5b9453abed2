"""apache/tvm PR #5395 (https://github.com/apache/tvm/pull/5395), python/tvm/relay/op/_tensor_grad.py,
log10_grad as submitted: ten = const(2.0) under the docstring "Returns [grad * 1 / (log(10) * x)]";
the review (cbalint13): "should be const(10.0)". x > 0 (3, 4), upstream grad G (3, 4),
L = sum(G * log10(x)).
"""

import torch

from verify import derivation


def loss(x, G):
    return (G * torch.log10(x)).sum()


def log10_grad(x, grad):
    """Returns [grad * 1 / (log(10) * x)]"""
    ones = torch.ones_like(x)
    ten = torch.tensor(2.0, dtype=x.dtype)  # <- wrong
    return [grad * ones / (torch.log(ten) * x)]


def log10_grad_fixed(x, grad):
    """Returns [grad * 1 / (log(10) * x)]"""
    ones = torch.ones_like(x)
    ten = torch.tensor(10.0, dtype=x.dtype)
    return [grad * ones / (torch.log(ten) * x)]


def grad(x, G):
    return log10_grad(x, G)[0]


def grad_fixed(x, G):
    return log10_grad_fixed(x, G)[0]


SPEC = dict(wrt="x", shapes={"x": (3, 4), "G": (3, 4)}, draws={"x": "positive"})
case = derivation(loss, grad, **SPEC, name="q_log10grad_30")
CAUSE = "wrong-coefficient"
FIX = "d/dx log10(x) = 1 / (ln(10) x), so the constant is const(10.0), not the 2.0 copied from log2_grad."
