"""Backpropagation in DGM's multilayer perceptron (Project-10/DGM, modules/DNN/Perceptron.cpp, CPerceptron::backPropagate).

Source: https://github.com/Project-10/DGM/pull/45 ("Project - Final Submittion - 2nd Hidden Layer
Perceptron"): the output error was multiplied by `m_vpNeuronLayers[2]->getActivationFunctionDeriateve()`;
the reviewer: "I think here should be the last(output) layer instead of the third layer:
`m_vpNeuronLayers[2]` --> `m_vpNeuronLayers.back()`", the author: "Good point, I totally missed that",
fixed as "Fixed activation function in the output layer". With the second hidden layer the network has
four layers, and layer 2 is a hidden tanh layer while the output layer is sigmoid. The OpenCV Mat code
in numpy, one sample as a column, net = W^T x per layer, delta_out = (y - gt) f'(net).
Loss: 0.5 sum((y - gt)^2), y = sigmoid(W3^T tanh(W2^T tanh(W1^T x))); x (4,), W1 (4, 5), W2 (5, 5), W3 (5, 3).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W1, W2, W3, gt):
    h1 = torch.tanh(W1.T @ x)
    h2 = torch.tanh(W2.T @ h1)
    y = torch.sigmoid(W3.T @ h2)
    return 0.5 * ((y - gt) ** 2).sum()


class NeuronLayer:
    def __init__(self, W, f, df):
        self.W, self.f, self.df = W, f, df

    def dotProd(self, values):
        self.netValues = self.W.T @ values
        self.values = self.f(self.netValues)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def build(x, W1, W2, W3):
    ident = NeuronLayer(None, lambda z: z, lambda z: np.ones_like(z))
    ident.values = x
    tanh = (np.tanh, lambda z: 1 - np.tanh(z) ** 2)
    sig = (sigmoid, lambda z: sigmoid(z) * (1 - sigmoid(z)))
    layers = [ident, NeuronLayer(W1, *tanh), NeuronLayer(W2, *tanh), NeuronLayer(W3, *sig)]
    for i in range(1, len(layers)):
        layers[i].dotProd(layers[i - 1].values)
    return layers


def grad(x, W1, W2, W3, gt):
    layers = build(x, W1, W2, W3)
    error = layers[-1].values - gt
    error = error * layers[2].df(layers[-1].netValues)  # <- wrong
    dW3 = np.outer(layers[2].values, error)
    return dW3


def grad_fixed(x, W1, W2, W3, gt):
    layers = build(x, W1, W2, W3)
    error = layers[-1].values - gt
    error = error * layers[-1].df(layers[-1].netValues)
    dW3 = np.outer(layers[2].values, error)
    return dW3


SPEC = dict(wrt="W3", shapes={"x": (4,), "W1": (4, 5), "W2": (5, 5), "W3": (5, 3), "gt": (3,)},
            draws={"gt": "uniform"})
case = derivation(loss, grad, **SPEC, name="y_perceptron_01")
CAUSE = "wrong-layer"
FIX = "Multiply the output error by the output layer's activation derivative, m_vpNeuronLayers.back(), not layer 2's."
