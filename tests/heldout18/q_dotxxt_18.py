"""NervanaSystems/neon issue #169 (https://github.com/NervanaSystems/neon/issues/169), "Incorrect AutoDiff
for dot(x, x.T)": the gradient of ng.dot(x, x.T) for x = ones((1, 1)) came out 1 instead of 2;
"the gradient for x.T is not accumulated correctly to the gradient for x" (linuxthink). The
autodiff's sum over the two uses of x, written out: L = sum(G * (x x^T)); x (3, 2), G (3, 3).
"""

import numpy as np

from verify import derivation


def loss(x, G):
    return (G * (x @ x.T)).sum()


def grad(x, G):
    dx = np.dot(G, x)  # <- wrong
    return dx


def grad_fixed(x, G):
    dx = np.dot(G, x) + np.dot(G.T, x)
    return dx


SPEC = dict(wrt="x", shapes={"x": (3, 2), "G": (3, 3)})
case = derivation(loss, grad, **SPEC, name="q_dotxxt_18")
CAUSE = "missing-term"
FIX = "x appears as both operands of dot(x, x.T); the x.T operand contributes G^T x, which must be added to G x."
