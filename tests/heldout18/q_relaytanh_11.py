"""apache/tvm PR #7340 (https://github.com/apache/tvm/pull/7340), python/tvm/relay/op/_tensor_grad.py:
"fixed tanh gradient broken due to missing parens": tanh_grad returned
[grad * ones_like(orig) - orig * orig] instead of [grad * (ones_like(orig) - orig * orig)].
orig = tanh(x); x (3, 4), upstream grad G (3, 4), L = sum(G * tanh(x)).
"""

import torch

from verify import derivation


def loss(x, G):
    return (G * torch.tanh(x)).sum()


def tanh_grad(orig, grad):
    """Returns grad * (1 - tanh(x) * tanh(x))."""
    return [grad * torch.ones_like(orig) - orig * orig]  # <- wrong


def tanh_grad_fixed(orig, grad):
    """Returns grad * (1 - tanh(x) * tanh(x))."""
    return [grad * (torch.ones_like(orig) - orig * orig)]


def grad(x, G):
    orig = torch.tanh(x)
    return tanh_grad(orig, G)[0]


def grad_fixed(x, G):
    orig = torch.tanh(x)
    return tanh_grad_fixed(orig, G)[0]


SPEC = dict(wrt="x", shapes={"x": (3, 4), "G": (3, 4)})
case = derivation(loss, grad, **SPEC, name="q_relaytanh_11")
CAUSE = "activation-derivative-of-input"
FIX = "The upstream gradient multiplies the whole derivative: grad * (ones_like(orig) - orig * orig)."
