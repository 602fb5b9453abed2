"""Binary cross-entropy on a sigmoid output, gradient w.r.t. the pre-activation, as in nd4j's LossBinaryXENT.

Source: deeplearning4j/nd4j, LossBinaryXENT.java. PR #1320 added the second term
(1 - y) log(1 - a) to the score, but computeGradient kept the old gradient of the first term alone:
    INDArray outputder = ...createTransform(activationFn, preOutput.dup()).derivative());
    grad = outputder.muli(labels);
    grad.divi(output).muli(-1);
so "LossBinaryXENT always returns a gradient of 0 if the label is 0"
(https://github.com/deeplearning4j/nd4j/issues/1328), fixed by PR #1338:
    grad.muli(numerator).divi(denominator)   # a' (a - y) / (a (1 - a))
L = -sum(y log a + (1 - y) log(1 - a)), a = sigmoid(preOutput); preOutput (4, 3), labels (4, 3).
"""

import numpy as np
import torch

from verify import derivation


def loss(preOutput, labels):
    a = torch.sigmoid(preOutput)
    return -(labels * torch.log(a) + (1 - labels) * torch.log(1 - a)).sum()


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def grad(preOutput, labels):
    output = sigmoid(preOutput)
    outputder = output * (1 - output)
    grad = -(outputder * labels) / output  # <- wrong
    return grad


def grad_fixed(preOutput, labels):
    output = sigmoid(preOutput)
    outputder = output * (1 - output)
    grad = outputder * (output - labels) / (output * (1 - output))
    return grad


SPEC = dict(wrt="preOutput", shapes={"preOutput": (4, 3), "labels": (4, 3)},
            draws={"labels": "uniform"})
case = derivation(loss, grad, **SPEC, name="r_bce_02")
CAUSE = "missing-term"
FIX = "The score has the term (1 - y) log(1 - a) as well, so the gradient is a' (a - y) / (a (1 - a)), not -a' y / a."
