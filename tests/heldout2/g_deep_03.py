"""Nielsen's matrix-based backprop over a whole mini-batch (examples are columns),
sizes [3, 4, 4, 2], quadratic cost C = 1/2 sum_x ||a^L(x) - y(x)||^2;
X (3, 5), Y (2, 5), w1 (4, 3), w2 (4, 4), w3 (2, 4), biases (n, 1).
"""

import numpy as np
import torch

from verify import derivation


def loss(w1, b1, w2, b2, w3, b3, X, Y):
    """C = 1/2 sum ||a^3 - Y||^2 with a^l = sigma(w^l a^(l-1) + b^l), a^0 = X."""
    a = X
    for w, b in ((w1, b1), (w2, b2), (w3, b3)):
        a = torch.sigmoid(w @ a + b)
    return 0.5 * ((a - Y) ** 2).sum()


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    return sigmoid(z) * (1 - sigmoid(z))


class Network:
    def __init__(self, weights, biases):
        self.weights = weights
        self.biases = biases
        self.num_layers = len(weights) + 1

    def cost_derivative(self, output_activations, y):
        return output_activations - y

    def backprop(self, X, Y):
        activation = X
        activations = [X]
        zs = []
        for b, w in zip(self.biases, self.weights, strict=True):
            z = np.dot(w, activation) + b
            zs.append(z)
            activation = sigmoid(z)
            activations.append(activation)
        nabla_b = [None] * len(self.biases)
        nabla_w = [None] * len(self.weights)
        delta = self.cost_derivative(activations[-1], Y)  # <- wrong
        nabla_b[-1] = delta.sum(axis=1, keepdims=True)
        nabla_w[-1] = np.dot(delta, activations[-2].T)
        for l in range(2, self.num_layers):
            delta = np.dot(self.weights[-l + 1].T, delta) * sigmoid_prime(zs[-l])
            nabla_b[-l] = delta.sum(axis=1, keepdims=True)
            nabla_w[-l] = np.dot(delta, activations[-l - 1].T)
        return nabla_b, nabla_w


class NetworkFixed(Network):
    def backprop(self, X, Y):
        activation = X
        activations = [X]
        zs = []
        for b, w in zip(self.biases, self.weights, strict=True):
            z = np.dot(w, activation) + b
            zs.append(z)
            activation = sigmoid(z)
            activations.append(activation)
        nabla_b = [None] * len(self.biases)
        nabla_w = [None] * len(self.weights)
        delta = self.cost_derivative(activations[-1], Y) * sigmoid_prime(zs[-1])
        nabla_b[-1] = delta.sum(axis=1, keepdims=True)
        nabla_w[-1] = np.dot(delta, activations[-2].T)
        for l in range(2, self.num_layers):
            delta = np.dot(self.weights[-l + 1].T, delta) * sigmoid_prime(zs[-l])
            nabla_b[-l] = delta.sum(axis=1, keepdims=True)
            nabla_w[-l] = np.dot(delta, activations[-l - 1].T)
        return nabla_b, nabla_w


def grad(w1, b1, w2, b2, w3, b3, X, Y):
    net = Network([w1, w2, w3], [b1, b2, b3])
    nabla_b, nabla_w = net.backprop(X, Y)
    return [g for pair in zip(nabla_w, nabla_b, strict=True) for g in pair]


def grad_fixed(w1, b1, w2, b2, w3, b3, X, Y):
    net = NetworkFixed([w1, w2, w3], [b1, b2, b3])
    nabla_b, nabla_w = net.backprop(X, Y)
    return [g for pair in zip(nabla_w, nabla_b, strict=True) for g in pair]


SPEC = dict(wrt=("w1", "b1", "w2", "b2", "w3", "b3"),
            shapes={"w1": (4, 3), "b1": (4, 1), "w2": (4, 4), "b2": (4, 1), "w3": (2, 4),
                    "b3": (2, 1), "X": (3, 5), "Y": (2, 5)},
            draws={"Y": "uniform"})
case = derivation(loss, grad, **SPEC, name="g_deep_03")
CAUSE = "activation-derivative-missing"
FIX = "With the quadratic cost the output delta is (a - y) sigma'(z^L); cross-entropy drops it."
