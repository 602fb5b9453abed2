"""A computation graph on scalars, pure Python: f = (x * y + z)^2, backpropagated node by
node (multiply, add, square) as on the course's whiteboard; x, y, z are scalars.
"""

import torch  # noqa: F401  (the loss is written with tensors)

from verify import derivation


def loss(x, y, z):
    return (x * y + z) ** 2


def grad(x, y, z):
    x, y, z = float(x), float(y), float(z)
    # forward pass, one node at a time
    a = x * y
    q = a + z
    # backward pass, from df/df = 1
    df = 1.0
    dq = q * df  # <- wrong
    da = 1.0 * dq
    dz = 1.0 * dq
    dx = y * da
    dy = x * da
    return dx, dy, dz


def grad_fixed(x, y, z):
    x, y, z = float(x), float(y), float(z)
    # forward pass, one node at a time
    a = x * y
    q = a + z
    # backward pass, from df/df = 1
    df = 1.0
    dq = 2 * q * df
    da = 1.0 * dq
    dz = 1.0 * dq
    dx = y * da
    dy = x * da
    return dx, dy, dz


SPEC = dict(wrt=("x", "y", "z"), shapes={"x": (), "y": (), "z": ()}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_graph_01")
CAUSE = "square-factor"
FIX = "The square node's local gradient is 2 q, so dq = 2 * q * df."
