"""Gradient of NNVM's log_softmax operator (apache/tvm, nnvm/src/top/nn/nn.cc, FGradient of log_softmax).

Source: https://github.com/apache/tvm/pull/1201 ("[NNVM] Fix softmax gradient", softmax and log-softmax).
For out = log_softmax(x) the gradient is ograd - exp(out) * sum(ograd) along the axis. The old
FGradient built elemwise_mul(ograd, out), summed it over the axis with keepdims, multiplied by a
full_like(-1) node and added ograd: ograd - sum(ograd * out), the output itself in the place of
the probabilities exp(out), multiplied into the sum instead of out of it. The fix sums ograd,
takes exp(output) and multiplies the two. The graph nodes are written as one numpy expression each
way; axis = 1 (rows are samples).
Loss: sum(ograd * log_softmax(x, axis=1)); x, ograd (3, 4).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, ograd):
    return (ograd * torch.log_softmax(x, dim=1)).sum()


def grad(x, ograd):
    axis = 1
    shifted = x - np.max(x, axis=axis, keepdims=True)
    output = shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))
    return ograd - np.sum(ograd * output, axis=axis, keepdims=True)  # <- wrong


def grad_fixed(x, ograd):
    axis = 1
    shifted = x - np.max(x, axis=axis, keepdims=True)
    output = shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))
    return ograd - np.exp(output) * np.sum(ograd, axis=axis, keepdims=True)


SPEC = dict(wrt="x", shapes={"x": (3, 4), "ograd": (3, 4)})
case = derivation(loss, grad, **SPEC, name="u_logsoftmax_01")
CAUSE = "wrong-operand"
FIX = "Use the probabilities exp(output) times the summed incoming gradient: ograd - exp(output) * sum(ograd, axis)."
