"""Stack Overflow question "Backpropagation: Why doesn't error approach zero when it is multiplied by
deriv of sigmoid?" (mirror: https://whosebug.com/question/2948401/Backpropagation-Why-doesn-t-error-approach-zero-when-it-is-multiplied-by-deriv-of-sigmoid):
the asker's network computes delta_hidden = error * sigmoid(hidden, True), multiplying the hidden
derivative by the output error instead of the error backpropagated through w_1 ("I think it should
be delta_hidden = hidden_error * ..."); the backpropagated quantity is w_1^T delta.
2 inputs, 2 sigmoid hidden, 1 sigmoid output, L = 0.5 * (label - output)^2 (the code's update is
w += delta * input * lr, i.e. minus this gradient). inputs (2, 1), label (1, 1), w_0 (2, 2), w_1 (1, 2).
"""

import numpy as np
import torch

from verify import derivation


def loss(w_0, w_1, inputs, label):
    hidden = torch.sigmoid(w_0 @ inputs)
    output = torch.sigmoid(w_1 @ hidden)
    return 0.5 * ((label - output) ** 2).sum()


def sigmoid(x, deriv=False):
    if(deriv==True):
        return x * (1 - x)
    return 1/(1 + np.exp(-x))


def grad(w_0, w_1, inputs, label):
    hidden = sigmoid(np.dot(w_0, inputs))
    output = sigmoid(np.dot(w_1, hidden))
    error = label - output
    delta = error * sigmoid(output, True)
    delta_hidden = error * sigmoid(hidden, True)  # <- wrong
    return -np.dot(delta_hidden, inputs.T), -np.dot(delta, hidden.T)


def grad_fixed(w_0, w_1, inputs, label):
    hidden = sigmoid(np.dot(w_0, inputs))
    output = sigmoid(np.dot(w_1, hidden))
    error = label - output
    delta = error * sigmoid(output, True)
    delta_hidden = np.dot(w_1.T, delta) * sigmoid(hidden, True)
    return -np.dot(delta_hidden, inputs.T), -np.dot(delta, hidden.T)


SPEC = dict(wrt=("w_0", "w_1"), shapes={"w_0": (2, 2), "w_1": (1, 2), "inputs": (2, 1), "label": (1, 1)},
            draws={"label": "uniform"})
case = derivation(loss, grad, **SPEC, name="q_xornet_08")
CAUSE = "wrong-operand"
FIX = "The hidden delta multiplies sigmoid'(hidden) by the output delta backpropagated through w_1, np.dot(w_1.T, delta), not by the raw output error."
