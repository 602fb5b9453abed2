"""Backward of the transpose layer in PaddlePaddle's legacy gserver (paddle/gserver/layers/TransLayer.cpp, TransLayer::backward).

Source: https://github.com/PaddlePaddle/Paddle/issues/1805 ("Bug for translayer ?"): "For back
propagation the gradient is directly assigned: MatrixPtr preGrad = getInputGrad(0);
outputGrad->transpose(preGrad, false); Will there be a problem when you have this layer connect to
multiple branches? During the backward process, the gradient will be overwritten by the last branch,
while missing the gradient from others."; the maintainer: "Yes, this is a bug. It should add the
transposed outputGrad to preGrad." Here the input x feeds a square layer and the transpose layer;
the square layer's backward runs first and adds into the input gradient, then TransLayer::backward.
Translated to numpy. Loss: sum(G1 * x^2) + sum(G2 * x^T); x (3, 4), G1 (3, 4), G2 (4, 3).
"""

import numpy as np

from verify import derivation


def loss(x, G1, G2):
    return (G1 * x ** 2).sum() + (G2 * x.T).sum()


def grad(x, G1, G2):
    preGrad = np.zeros_like(x)
    preGrad += 2 * x * G1
    preGrad[...] = G2.T  # <- wrong
    return preGrad


def grad_fixed(x, G1, G2):
    preGrad = np.zeros_like(x)
    preGrad += 2 * x * G1
    preGrad += G2.T
    return preGrad


SPEC = dict(wrt="x", shapes={"x": (3, 4), "G1": (3, 4), "G2": (4, 3)})
case = derivation(loss, grad, **SPEC, name="y_translayer_01")
CAUSE = "missing-term"
FIX = "Add the transposed output gradient to the input gradient, preGrad += outputGrad^T, instead of overwriting what other branches put there."
