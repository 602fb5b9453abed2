"""iamtrask/Grokking-Deep-Learning, Chapter 5, "Gradient Descent with Multiple Inputs & Outputs";
issue #23 (https://github.com/iamtrask/Grokking-Deep-Learning/issues/23) and PR #22
(https://github.com/iamtrask/Grokking-Deep-Learning/pull/22): weight_deltas = outer_prod(input, delta)
is the transpose of what the weights need (pred[i] = w_sum(input, weights[i])); "It should be
weight_deltas = outer_prod(delta, input)". 3 inputs, 3 outputs (square, so the transpose runs);
the book's delta = pred - true is the gradient of half the squared error.
weights (3, 3), input (3,), true (3,).
"""

import numpy as np

from verify import derivation


def loss(weights, input, true):
    pred = weights @ input
    return 0.5 * ((pred - true) ** 2).sum()


def outer_prod(a, b):
    # just a matrix of zeros
    out = np.zeros((len(a), len(b)))
    for i in range(len(a)):
        for j in range(len(b)):
            out[i][j] = a[i] * b[j]
    return out


def grad(weights, input, true):
    pred = np.array([np.sum(input * weights[i]) for i in range(len(weights))])
    delta = pred - true
    weight_deltas = outer_prod(input, delta)  # <- wrong
    return weight_deltas


def grad_fixed(weights, input, true):
    pred = np.array([np.sum(input * weights[i]) for i in range(len(weights))])
    delta = pred - true
    weight_deltas = outer_prod(delta, input)
    return weight_deltas


SPEC = dict(wrt="weights", shapes={"weights": (3, 3), "input": (3,), "true": (3,)})
case = derivation(loss, grad, **SPEC, name="q_grokking_23")
CAUSE = "transpose"
FIX = "Row i of weights produces output i, so its deltas are delta[i] * input: outer_prod(delta, input)."
