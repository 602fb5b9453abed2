"""Backpropagation through a layer of sigmoid neurons in libBrain, a C neural-network library (neuron backpropagation).

Source: https://github.com/benoitfragit/libBrain/issues/78 ("Error in backpropagation", labelled bug,
closed by the author): "The value passed to the derivative function should be the weighted sum not the
activation. Weighted sum should be memoized when a new input is submited". Each neuron computes
sum = w . x + b and activation = sigmoid(sum); its derivative function is sigmoid'(s) = sigmoid(s)
(1 - sigmoid(s)), a function of the weighted sum s. The C loops over neurons and inputs are translated
to pure Python. Loss: sum_j E_j sigmoid(w_j . x + b_j); w (3, 4), x (4,), b (3,), E (3,).
"""

import math

import torch

from verify import derivation


def loss(w, x, b, E):
    return (E * torch.sigmoid(w @ x + b)).sum()


def sigmoid(s):
    return 1.0 / (1.0 + math.exp(-s))


def derivative(s):
    return sigmoid(s) * (1.0 - sigmoid(s))


def grad(w, x, b, E):
    n_neurons, n_inputs = len(w), len(x)
    dw = [[0.0] * n_inputs for _ in range(n_neurons)]
    for j in range(n_neurons):
        weighted_sum = sum(float(w[j][i]) * float(x[i]) for i in range(n_inputs)) + float(b[j])
        activation = sigmoid(weighted_sum)
        delta = float(E[j]) * derivative(activation)  # <- wrong
        for i in range(n_inputs):
            dw[j][i] = delta * float(x[i])
    return dw


def grad_fixed(w, x, b, E):
    n_neurons, n_inputs = len(w), len(x)
    dw = [[0.0] * n_inputs for _ in range(n_neurons)]
    for j in range(n_neurons):
        weighted_sum = sum(float(w[j][i]) * float(x[i]) for i in range(n_inputs)) + float(b[j])
        activation = sigmoid(weighted_sum)
        delta = float(E[j]) * derivative(weighted_sum)
        for i in range(n_inputs):
            dw[j][i] = delta * float(x[i])
    return dw


SPEC = dict(wrt="w", shapes={"w": (3, 4), "x": (4,), "b": (3,), "E": (3,)})
case = derivation(loss, grad, **SPEC, name="y_neuron_01")
CAUSE = "activation-derivative-of-input"
FIX = "Evaluate the derivative function at the memoized weighted sum, derivative(weighted_sum), not at the activation."
