"""A softmax layer's backward in torch, checked through L = sum(g * softmax(x, dim=1)):
x (4, 5) scores, one row per example, g (4, 5) the upstream gradient.
"""

import torch

from verify import derivation


def loss(x, g):
    return (g * torch.softmax(x, dim=1)).sum()


def softmax_backward(g, p):
    s = (g * p).sum(dim=0, keepdim=True)  # <- wrong
    return p * (g - s)


def softmax_backward_fixed(g, p):
    s = (g * p).sum(dim=1, keepdim=True)
    return p * (g - s)


def grad(x, g):
    p = torch.softmax(x, dim=1)
    return softmax_backward(g, p)


def grad_fixed(x, g):
    p = torch.softmax(x, dim=1)
    return softmax_backward_fixed(g, p)


SPEC = dict(wrt="x", shapes={"x": ("N", "C"), "g": ("N", "C")}, sizes={"N": 4, "C": 5})
case = derivation(loss, grad, **SPEC, name="g_softmax_03")
CAUSE = "reduction-axis"
FIX = "The Jacobian-vector product sums g p over each row's classes, dim=1, not over the batch."
