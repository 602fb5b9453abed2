"""Weight deltas of a linear network with three inputs and three outputs (iamtrask/Grokking-Deep-Learning, Chapter 5 notebook, "Gradient Descent with Multiple Inputs & Outputs").

Source: https://github.com/iamtrask/Grokking-Deep-Learning/pull/22 ("fixing weight_deltas calculation in
case of multiple inputs and multiple outputs"): "weight_deltas matrix was transposed ... therefore
the weights were adjusted incorrectly". weights[i] is the row of output i (pred[i] =
w_sum(input, weights[i])), so the delta of weights[i][j] is delta[i] * input[j] = outer_prod(delta,
input); the notebook computed outer_prod(input, delta). With 3 inputs and 3 outputs both are 3 x 3
and nothing failed. Pure Python lists as in the book; the book's delta = pred - true is the
derivative of half the squared error, so the loss here carries the 1/2.
Loss: 0.5 sum_i (pred_i - true_i)^2, pred = weights @ input; weights (3, 3), input (3,), true (3,).
"""

import numpy as np

from verify import derivation


def loss(weights, input, true):
    pred = weights @ input
    return 0.5 * ((pred - true) ** 2).sum()


def w_sum(a, b):
    assert len(a) == len(b)
    output = 0
    for i in range(len(a)):
        output += (a[i] * b[i])
    return output


def vect_mat_mul(vect, matrix):
    assert len(vect) == len(matrix)
    output = [0, 0, 0]
    for i in range(len(vect)):
        output[i] = w_sum(vect, matrix[i])
    return output


def neural_network(input, weights):
    pred = vect_mat_mul(input, weights)
    return pred


def outer_prod(a, b):
    out = np.zeros((len(a), len(b)))
    for i in range(len(a)):
        for j in range(len(b)):
            out[i][j] = a[i] * b[j]
    return out


def grad(weights, input, true):
    weights = [[float(v) for v in row] for row in weights]
    input = [float(v) for v in input]
    true = [float(v) for v in true]
    pred = neural_network(input, weights)
    error = [0, 0, 0]
    delta = [0, 0, 0]
    for i in range(len(true)):
        error[i] = (pred[i] - true[i]) ** 2
        delta[i] = pred[i] - true[i]
    weight_deltas = outer_prod(input, delta)  # <- wrong
    return weight_deltas


def grad_fixed(weights, input, true):
    weights = [[float(v) for v in row] for row in weights]
    input = [float(v) for v in input]
    true = [float(v) for v in true]
    pred = neural_network(input, weights)
    error = [0, 0, 0]
    delta = [0, 0, 0]
    for i in range(len(true)):
        error[i] = (pred[i] - true[i]) ** 2
        delta[i] = pred[i] - true[i]
    weight_deltas = outer_prod(delta, input)
    return weight_deltas


SPEC = dict(wrt="weights", shapes={"weights": (3, 3), "input": (3,), "true": (3,)})
case = derivation(loss, grad, **SPEC, name="u_linear_01")
CAUSE = "transpose"
FIX = "Take the outer product with the output deltas first, weight_deltas = outer_prod(delta, input), since weights[i] belongs to output i."
