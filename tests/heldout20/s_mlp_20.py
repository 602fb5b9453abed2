"""Output-layer delta in Bot-Academy/NeuralNetworkFromScratch (nn.py, backpropagation).

Source: https://github.com/Bot-Academy/NeuralNetworkFromScratch/pull/3 ("Fixed formally wrong
backpropagation/gradient descent": "The calculation of the gradient is missing the derivative of
the sigmoid function for the outer layer"). For the sigmoid output layer the code sets
    delta = layers[idx]['neuron_values'] - labels
while the hidden layer does multiply by apply_activation_function_derivative; the output delta needs
the factor o (1 - o) too. The error convention is taken as 0.5 * sum((o - l)^2) so that o - l is its
derivative; the biases are not checked (their gradient np.sum(delta) is a separate issue).
Loss: 0.5 * sum((o - labels)^2), o = sigmoid(b2 + sigmoid(b1 + x W1) W2);
x (3, 4), W1 (4, 5), b1 (5,), W2 (5, 2), b2 (2,), labels (3, 2).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W1, b1, W2, b2, labels):
    h = torch.sigmoid(b1 + x @ W1)
    o = torch.sigmoid(b2 + h @ W2)
    return 0.5 * ((o - labels) ** 2).sum()


def sigmoid(values):
    return 1 / (1 + np.exp(-values))


def grad(x, W1, b1, W2, b2, labels):
    hidden = sigmoid(b1 + x @ W1)
    output = sigmoid(b2 + hidden @ W2)
    delta = output - labels  # <- wrong
    jacobian_output_weights = np.transpose(hidden) @ delta
    last_delta = delta
    delta = W2 @ np.transpose(last_delta) * np.transpose(hidden * (1 - hidden))
    jacobian_hidden_weights = np.transpose(x) @ np.transpose(delta)
    return jacobian_hidden_weights, jacobian_output_weights


def grad_fixed(x, W1, b1, W2, b2, labels):
    hidden = sigmoid(b1 + x @ W1)
    output = sigmoid(b2 + hidden @ W2)
    delta = (output - labels) * (output * (1 - output))
    jacobian_output_weights = np.transpose(hidden) @ delta
    last_delta = delta
    delta = W2 @ np.transpose(last_delta) * np.transpose(hidden * (1 - hidden))
    jacobian_hidden_weights = np.transpose(x) @ np.transpose(delta)
    return jacobian_hidden_weights, jacobian_output_weights


SPEC = dict(
    wrt=("W1", "W2"),
    shapes={"x": (3, 4), "W1": (4, 5), "b1": (5,), "W2": (5, 2), "b2": (2,), "labels": (3, 2)},
    draws={"labels": "uniform"},
)
case = derivation(loss, grad, **SPEC, name="s_mlp_20")
CAUSE = "activation-derivative-missing"
FIX = "Multiply the output error by the sigmoid derivative o * (1 - o) before using it as the output delta."
