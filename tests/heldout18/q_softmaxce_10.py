"""Stack Overflow question on a softmax cross-entropy gradient that does not match the numerical
gradient (mirror: https://z.id.vn/?p=348969): cost(z, y) = -np.sum(y * np.log(s)) / len(y), but the
analytical gradient is taken as s - y_expected; the numeric values are exactly len(y) = 4 times
smaller ([0.2215, 0.6655, -0.9005, 0.0135] against [0.0554, 0.1664, -0.2251, 0.0034]).
z (4,), y one-hot (4,).
"""

import numpy as np
import torch

from verify import derivation


def loss(z, y):
    return -(y * torch.log_softmax(z, dim=0)).sum() / len(y)


def softmax(z):
    expp = np.exp(z)
    return np.divide(expp, np.sum(expp))


def grad(z, y):
    s = softmax(z)
    cost_gradient = s - y  # <- wrong
    return cost_gradient


def grad_fixed(z, y):
    s = softmax(z)
    cost_gradient = (s - y) / len(y)
    return cost_gradient


SPEC = dict(wrt="z", shapes={"z": (4,), "y": (4,)}, draws={"y": "onehot"})
case = derivation(loss, grad, **SPEC, name="q_softmaxce_10")
CAUSE = "batch-mean"
FIX = "The cost divides by len(y), so its gradient does too: (s - y) / len(y)."
