"""Backward of a softmax layer in a C++/Eigen framework from scratch (Apiquet/DeepLearningFrameworkFromScratchCpp, Softmax::backward).

Source: https://github.com/Apiquet/DeepLearningFrameworkFromScratchCpp/issues/1 ("Softmax gradient"):
"Why is only the first part of the softmax gradient function code provided here, when it actually
has two parts? ddout = dout.array() * (mForwardInputWithSoftmaxApplied.array() * (1.f -
mForwardInputWithSoftmaxApplied.array()))"; the author: "If you want to use this code to predict 2D
maps then I think that an update must indeed be made for the case i!=j", done in PR #2
("I have simply implemented the backward function for softmax based on the formula"). The Eigen
array code is translated to numpy, softmax over the classes of each row.
Loss: sum(dout * softmax(x)); x, dout (3, 5).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, dout):
    return (dout * torch.softmax(x, dim=1)).sum()


class Softmax:
    def forward(self, x):
        e = np.exp(x - x.max(axis=1, keepdims=True))
        self.mForwardInputWithSoftmaxApplied = e / e.sum(axis=1, keepdims=True)
        return self.mForwardInputWithSoftmaxApplied

    def backward(self, dout):
        s = self.mForwardInputWithSoftmaxApplied
        ddout = dout * (s * (1.0 - s))  # <- wrong
        return ddout


class SoftmaxFixed(Softmax):
    def backward(self, dout):
        s = self.mForwardInputWithSoftmaxApplied
        ddout = s * (dout - np.sum(dout * s, axis=1, keepdims=True))
        return ddout


def grad(x, dout):
    layer = Softmax()
    layer.forward(x)
    return layer.backward(dout)


def grad_fixed(x, dout):
    layer = SoftmaxFixed()
    layer.forward(x)
    return layer.backward(dout)


SPEC = dict(wrt="x", shapes={"x": (3, 5), "dout": (3, 5)})
case = derivation(loss, grad, **SPEC, name="y_softmax_01")
CAUSE = "missing-term"
FIX = "Use the whole softmax Jacobian, s * (dout - sum(dout * s)), which adds the off-diagonal terms -s_i s_j."
