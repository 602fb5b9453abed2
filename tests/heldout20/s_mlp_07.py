"""Three-layer sigmoid network in jiexunsee/Neural-Network-with-Python (3layer.py, NeuralNetwork.train).

Source: https://github.com/jiexunsee/Neural-Network-with-Python/issues/1. The output "delta" was
    del4 = training_set_outputs - output
i.e. the raw error, without the derivative of the output sigmoid, while the hidden deltas del3 and
del2 do multiply by __sigmoid_derivative. The reporter proposed err4 = outputs - output,
del4 = err4 * sigmoid_derivative(output), and the author agreed ("I should have multiplied the error
with the sigmoid derivative"); the two lines are folded into one here. The code computes descent
adjustments (negative gradients of 0.5 * sum((t - o)^2)); grad returns their negation.
Loss: 0.5 * sum((t - o)^2); inputs (4, 3), weights (3, 5), (5, 6), (6, 1), targets (4, 1).
"""

import torch
from numpy import dot, exp

from verify import derivation


def loss(training_set_inputs, synaptic_weights1, synaptic_weights2, synaptic_weights3, training_set_outputs):
    a2 = torch.sigmoid(training_set_inputs @ synaptic_weights1)
    a3 = torch.sigmoid(a2 @ synaptic_weights2)
    output = torch.sigmoid(a3 @ synaptic_weights3)
    return 0.5 * ((training_set_outputs - output) ** 2).sum()


def sigmoid(x):
    return 1 / (1 + exp(-x))


def sigmoid_derivative(x):
    return x * (1 - x)


def grad(training_set_inputs, synaptic_weights1, synaptic_weights2, synaptic_weights3, training_set_outputs):
    a2 = sigmoid(dot(training_set_inputs, synaptic_weights1))
    a3 = sigmoid(dot(a2, synaptic_weights2))
    output = sigmoid(dot(a3, synaptic_weights3))
    del4 = training_set_outputs - output  # <- wrong
    del3 = dot(synaptic_weights3, del4.T) * (sigmoid_derivative(a3).T)
    del2 = dot(synaptic_weights2, del3) * (sigmoid_derivative(a2).T)
    adjustment3 = dot(a3.T, del4)
    adjustment2 = dot(a2.T, del3.T)
    adjustment1 = dot(training_set_inputs.T, del2.T)
    return -adjustment1, -adjustment2, -adjustment3


def grad_fixed(training_set_inputs, synaptic_weights1, synaptic_weights2, synaptic_weights3, training_set_outputs):
    a2 = sigmoid(dot(training_set_inputs, synaptic_weights1))
    a3 = sigmoid(dot(a2, synaptic_weights2))
    output = sigmoid(dot(a3, synaptic_weights3))
    del4 = (training_set_outputs - output) * sigmoid_derivative(output)
    del3 = dot(synaptic_weights3, del4.T) * (sigmoid_derivative(a3).T)
    del2 = dot(synaptic_weights2, del3) * (sigmoid_derivative(a2).T)
    adjustment3 = dot(a3.T, del4)
    adjustment2 = dot(a2.T, del3.T)
    adjustment1 = dot(training_set_inputs.T, del2.T)
    return -adjustment1, -adjustment2, -adjustment3


SPEC = dict(
    wrt=("synaptic_weights1", "synaptic_weights2", "synaptic_weights3"),
    shapes={"training_set_inputs": (4, 3), "synaptic_weights1": (3, 5), "synaptic_weights2": (5, 6),
            "synaptic_weights3": (6, 1), "training_set_outputs": (4, 1)},
    draws={"training_set_outputs": "uniform"},
)
case = derivation(loss, grad, **SPEC, name="s_mlp_07")
CAUSE = "activation-derivative-missing"
FIX = "Multiply the output error by the output sigmoid's derivative, del4 = (t - output) * output * (1 - output)."
