"""jeffheaton/encog-java-core issue #243 (https://github.com/jeffheaton/encog-java-core/issues/243),
GradientWorker.processLevel (Java, here in numpy): "Activation function from a wrong layer":
getActivationFunctions()[currentLevel] where the delta of the from-layer needs that layer's own
derivative, [currentLevel + 1] ("Thanks, very good catch!"). Encog numbers layers from the output
(0 = sigmoid output, 1 = tanh hidden, 2 = linear input); its deltas carry (ideal - actual), so the
gradients it accumulates are minus those of 0.5 * sum((ideal - actual)^2).
x (3,), ideal (2,), W0 output weights (2, 4), W1 hidden weights (4, 3).
"""

import numpy as np
import torch

from verify import derivation


def loss(W0, W1, x, ideal):
    out = torch.sigmoid(W0 @ torch.tanh(W1 @ x))
    return 0.5 * ((ideal - out) ** 2).sum()


class ActivationSigmoid:
    def activationFunction(self, x):
        return 1 / (1 + np.exp(-x))

    def derivativeFunction(self, b, a):
        return a * (1.0 - a)


class ActivationTANH:
    def activationFunction(self, x):
        return np.tanh(x)

    def derivativeFunction(self, b, a):
        return 1.0 - a * a


class ActivationLinear:
    def activationFunction(self, x):
        return x

    def derivativeFunction(self, b, a):
        return np.ones_like(b)


def grad(W0, W1, x, ideal):
    activationFunctions = [ActivationSigmoid(), ActivationTANH(), ActivationLinear()]
    weights = [W0, W1]
    layerSums, layerOutput = [None] * 3, [None] * 3
    layerSums[2] = layerOutput[2] = x
    for level in (1, 0):
        layerSums[level] = np.dot(weights[level], layerOutput[level + 1])
        layerOutput[level] = activationFunctions[level].activationFunction(layerSums[level])
    layerDelta = [None] * 3
    layerDelta[0] = activationFunctions[0].derivativeFunction(layerSums[0], layerOutput[0]) * (ideal - layerOutput[0])
    gradients = [np.zeros_like(W0), np.zeros_like(W1)]
    for currentLevel in range(2):
        activation = activationFunctions[currentLevel]  # <- wrong
        gradients[currentLevel] += np.outer(layerDelta[currentLevel], layerOutput[currentLevel + 1])
        sum = np.dot(weights[currentLevel].T, layerDelta[currentLevel])
        layerDelta[currentLevel + 1] = sum * activation.derivativeFunction(layerSums[currentLevel + 1], layerOutput[currentLevel + 1])
    return -gradients[0], -gradients[1]


def grad_fixed(W0, W1, x, ideal):
    activationFunctions = [ActivationSigmoid(), ActivationTANH(), ActivationLinear()]
    weights = [W0, W1]
    layerSums, layerOutput = [None] * 3, [None] * 3
    layerSums[2] = layerOutput[2] = x
    for level in (1, 0):
        layerSums[level] = np.dot(weights[level], layerOutput[level + 1])
        layerOutput[level] = activationFunctions[level].activationFunction(layerSums[level])
    layerDelta = [None] * 3
    layerDelta[0] = activationFunctions[0].derivativeFunction(layerSums[0], layerOutput[0]) * (ideal - layerOutput[0])
    gradients = [np.zeros_like(W0), np.zeros_like(W1)]
    for currentLevel in range(2):
        activation = activationFunctions[currentLevel + 1]
        gradients[currentLevel] += np.outer(layerDelta[currentLevel], layerOutput[currentLevel + 1])
        sum = np.dot(weights[currentLevel].T, layerDelta[currentLevel])
        layerDelta[currentLevel + 1] = sum * activation.derivativeFunction(layerSums[currentLevel + 1], layerOutput[currentLevel + 1])
    return -gradients[0], -gradients[1]


SPEC = dict(wrt=("W0", "W1"), shapes={"W0": (2, 4), "W1": (4, 3), "x": (3,), "ideal": (2,)},
            draws={"ideal": "uniform"})
case = derivation(loss, grad, **SPEC, name="q_encog_26")
CAUSE = "wrong-layer"
FIX = "The delta of the from-layer needs that layer's own activation derivative: getActivationFunctions()[currentLevel + 1]."
