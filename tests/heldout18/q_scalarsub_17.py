"""KhawajaAbaid/micrograd_c issue #1 (https://github.com/KhawajaAbaid/micrograd_c/issues/1), engine.h:
"backward_subtract computes incorrect gradient for second value ... should be -self.grad"; fixed in
commit 1f7a98d (self->_children[1]->grad += -self->grad). The C engine's backward_subtract,
written over arrays: c = a - b with upstream gradient G. a (4,), b (4,), G (4,).
"""

import numpy as np

from verify import derivation


def loss(a, b, G):
    return (G * (a - b)).sum()


def grad(a, b, G):
    a_grad = np.zeros_like(a)
    b_grad = np.zeros_like(b)
    self_grad = G
    a_grad += self_grad
    b_grad += self_grad  # <- wrong
    return a_grad, b_grad


def grad_fixed(a, b, G):
    a_grad = np.zeros_like(a)
    b_grad = np.zeros_like(b)
    self_grad = G
    a_grad += self_grad
    b_grad += -self_grad
    return a_grad, b_grad


SPEC = dict(wrt=("a", "b"), shapes={"a": (4,), "b": (4,), "G": (4,)})
case = derivation(loss, grad, **SPEC, name="q_scalarsub_17")
CAUSE = "sign"
FIX = "The subtrahend enters a - b with a minus sign, so its child gradient is += -self->grad."
