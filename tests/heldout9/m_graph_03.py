"""The course's staged computation f(x, y) = (x + sigma(y)) / (sigma(x) + (x + y)^2),
backpropagated stage by stage on scalars, pure Python; x is used on three paths.
"""

import math

import torch

from verify import derivation


def loss(x, y):
    return (x + torch.sigmoid(y)) / (torch.sigmoid(x) + (x + y) ** 2)


def grad(x, y):
    x, y = float(x), float(y)
    # forward pass, staged
    sigy = 1.0 / (1 + math.exp(-y))
    num = x + sigy
    sigx = 1.0 / (1 + math.exp(-x))
    xpy = x + y
    xpysqr = xpy ** 2
    den = sigx + xpysqr
    invden = 1.0 / den
    # backward pass, stage by stage
    dnum = invden
    dinvden = num
    dden = (-1.0 / den ** 2) * dinvden
    dsigx = 1 * dden
    dxpysqr = 1 * dden
    dxpy = (2 * xpy) * dxpysqr
    dx = 1 * dxpy
    dy = 1 * dxpy
    dx = (1 - sigx) * sigx * dsigx  # <- wrong
    dx += 1 * dnum
    dsigy = 1 * dnum
    dy += (1 - sigy) * sigy * dsigy
    return dx, dy


def grad_fixed(x, y):
    x, y = float(x), float(y)
    # forward pass, staged
    sigy = 1.0 / (1 + math.exp(-y))
    num = x + sigy
    sigx = 1.0 / (1 + math.exp(-x))
    xpy = x + y
    xpysqr = xpy ** 2
    den = sigx + xpysqr
    invden = 1.0 / den
    # backward pass, stage by stage
    dnum = invden
    dinvden = num
    dden = (-1.0 / den ** 2) * dinvden
    dsigx = 1 * dden
    dxpysqr = 1 * dden
    dxpy = (2 * xpy) * dxpysqr
    dx = 1 * dxpy
    dy = 1 * dxpy
    dx += (1 - sigx) * sigx * dsigx
    dx += 1 * dnum
    dsigy = 1 * dnum
    dy += (1 - sigy) * sigy * dsigy
    return dx, dy


SPEC = dict(wrt=("x", "y"), shapes={"x": (), "y": ()}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_graph_03")
CAUSE = "missing-term"
FIX = "Gradients from every path into x add up: dx += (1 - sigx) * sigx * dsigx keeps the (x + y)^2 path."
