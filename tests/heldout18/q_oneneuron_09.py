"""Cross Validated question "Backpropagation demo gives always the same result after training"
(https://stats.stackexchange.com/questions/464262/backpropagation-demo-gives-always-the-same-result-after-training):
one neuron per layer, h = sigmoid(x*w1 + b1), y = sigmoid(h*w2 + b2), cost (yHat - a)^2;
delta_w2 = gradient_y * der_sigmoid(yHat) * w2 multiplies by the weight itself where the layer's
input h belongs (delta_w1 makes the same mistake with w1 for x). Reduced to w2 and b2, without
the learning rate. x, a, w1, w2, b1, b2 scalars.
"""

import math

import torch

from verify import derivation


def loss(w1, w2, b1, b2, x, a):
    h = torch.sigmoid(x * w1 + b1)
    y = torch.sigmoid(h * w2 + b2)
    return (y - a) ** 2


def sigmoid(x):
    return 1/(1 + math.exp(-x))


def der_sigmoid(x):
    return x * (1 - x)


def der_cost(x):
    return 2 * x


def grad(w1, w2, b1, b2, x, a):
    h = sigmoid((x * w1) + b1)
    yHat = sigmoid((h * w2) + b2)
    E = yHat - a
    gradient_y = der_cost(E)
    delta_w2 = gradient_y * der_sigmoid(yHat) * w2  # <- wrong
    delta_b2 = gradient_y * der_sigmoid(yHat)
    return delta_w2, delta_b2


def grad_fixed(w1, w2, b1, b2, x, a):
    h = sigmoid((x * w1) + b1)
    yHat = sigmoid((h * w2) + b2)
    E = yHat - a
    gradient_y = der_cost(E)
    delta_w2 = gradient_y * der_sigmoid(yHat) * h
    delta_b2 = gradient_y * der_sigmoid(yHat)
    return delta_w2, delta_b2


SPEC = dict(wrt=("w2", "b2"), shapes={"w1": (), "w2": (), "b1": (), "b2": (), "x": (), "a": ()},
            draws={"a": "uniform"})
case = derivation(loss, grad, **SPEC, name="q_oneneuron_09")
CAUSE = "wrong-operand"
FIX = "y = sigmoid(h*w2 + b2) depends on w2 through the factor h, so delta_w2 = gradient_y * der_sigmoid(yHat) * h."
