"""Local gradient of a softmax node in a Stack Overflow question.

Source: https://stackoverflow.com/questions/40575841 ("numpy : calculate the derivative of the softmax
function"). The asker's backward filled the Jacobian with
    if i == j: self.gradient[i] = self.value[i] * (1 - self.input[i])
    else:      self.gradient[i] = -self.value[i] * self.input[j]
using the softmax *input* where the softmax output belongs; the accepted answer gives
dSM[i]/dx[k] = SM[i] (delta_ik - SM[k]), i.e. value[i] * (1 - value[i]) and -value[i] * value[j]
(and a 2-D gradient[i, j]). Here the Jacobian is stored in 2-D and the off-diagonal entry is already
written as in the answer, so the two versions differ only in the diagonal line.
Loss: sum(dvalue * softmax(input)); input, dvalue (6,).
"""

import numpy as np
import torch

from verify import derivation


def loss(input, dvalue):
    return (dvalue * torch.softmax(input, dim=0)).sum()


def softmax(x):
    exps = np.exp(x - np.max(x))
    return exps / np.sum(exps)


def grad(input, dvalue):
    value = softmax(input)
    gradient = np.zeros((len(value), len(input)))
    for i in range(len(value)):
        for j in range(len(input)):
            if i == j:
                gradient[i, j] = value[i] * (1 - input[i])  # <- wrong
            else:
                gradient[i, j] = -value[i] * value[j]
    return gradient.T @ dvalue


def grad_fixed(input, dvalue):
    value = softmax(input)
    gradient = np.zeros((len(value), len(input)))
    for i in range(len(value)):
        for j in range(len(input)):
            if i == j:
                gradient[i, j] = value[i] * (1 - value[i])
            else:
                gradient[i, j] = -value[i] * value[j]
    return gradient.T @ dvalue


SPEC = dict(wrt="input", shapes={"input": (6,), "dvalue": (6,)})
case = derivation(loss, grad, **SPEC, name="s_softmax_05")
CAUSE = "wrong-operand"
FIX = "The diagonal of the softmax Jacobian is value[i] * (1 - value[i]), the output, not the input."
