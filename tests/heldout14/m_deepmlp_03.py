"""A three-layer sigmoid network in the delta^l notation (column vectors, examples as columns),
numpy: z^l = W^l a^{l-1} + b^l, a^l = sigma(z^l), a^0 = X, C = (1/2) sum ||a^3 - Y||^2;
W1, W2, W3 (H, H), b1, b2, b3 (H, 1), X (H, N), Y (H, N).
"""

import numpy as np
import torch

from verify import derivation


def loss(W1, b1, W2, b2, W3, b3, X, Y):
    a = X
    for W, b in ((W1, b1), (W2, b2), (W3, b3)):
        a = torch.sigmoid(W @ a + b)
    return 0.5 * ((a - Y) ** 2).sum()


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    return sigmoid(z) * (1 - sigmoid(z))


def grad(W1, b1, W2, b2, W3, b3, X, Y):
    weights, biases = [W1, W2, W3], [b1, b2, b3]
    activation = X
    activations = [X]
    zs = []
    for W, b in zip(weights, biases):
        z = np.dot(W, activation) + b
        zs.append(z)
        activation = sigmoid(z)
        activations.append(activation)
    nabla_w = [None] * 3
    nabla_b = [None] * 3
    delta = (activations[-1] - Y) * sigmoid_prime(zs[-1])
    nabla_b[-1] = delta.sum(axis=1, keepdims=True)
    nabla_w[-1] = np.dot(delta, activations[-2].T)
    for l in range(2, 4):
        delta = np.dot(weights[-l + 1].T, delta) * sigmoid_prime(zs[-l])
        nabla_b[-l] = delta.sum(axis=1, keepdims=True)
        nabla_w[-l] = np.dot(delta, activations[-l].T)  # <- wrong
    return nabla_w[0], nabla_b[0], nabla_w[1], nabla_b[1], nabla_w[2], nabla_b[2]


def grad_fixed(W1, b1, W2, b2, W3, b3, X, Y):
    weights, biases = [W1, W2, W3], [b1, b2, b3]
    activation = X
    activations = [X]
    zs = []
    for W, b in zip(weights, biases):
        z = np.dot(W, activation) + b
        zs.append(z)
        activation = sigmoid(z)
        activations.append(activation)
    nabla_w = [None] * 3
    nabla_b = [None] * 3
    delta = (activations[-1] - Y) * sigmoid_prime(zs[-1])
    nabla_b[-1] = delta.sum(axis=1, keepdims=True)
    nabla_w[-1] = np.dot(delta, activations[-2].T)
    for l in range(2, 4):
        delta = np.dot(weights[-l + 1].T, delta) * sigmoid_prime(zs[-l])
        nabla_b[-l] = delta.sum(axis=1, keepdims=True)
        nabla_w[-l] = np.dot(delta, activations[-l - 1].T)
    return nabla_w[0], nabla_b[0], nabla_w[1], nabla_b[1], nabla_w[2], nabla_b[2]


SPEC = dict(wrt=("W1", "b1", "W2", "b2", "W3", "b3"),
            shapes={"W1": ("H", "H"), "b1": ("H", 1), "W2": ("H", "H"), "b2": ("H", 1),
                    "W3": ("H", "H"), "b3": ("H", 1), "X": ("H", "N"), "Y": ("H", "N")},
            draws={"Y": "uniform"}, sizes={"H": 3, "N": 2})
case = derivation(loss, grad, **SPEC, name="m_deepmlp_03")
CAUSE = "wrong-layer"
FIX = "dC/dW^l = delta^l (a^{l-1})^T, the activation feeding layer l, which is activations[-l - 1]."
