"""One-dimensional convolution layer (valid, stride 1, cross-correlation) with bias, backward under
an upstream gradient: out[o, t] = sum_c sum_k w[o, c, k] x[c, t + k] + b[o], L = sum(dout * out);
x (2, 5), w (3, 2, 3), b (3,), dout (3, 3).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(x, w, b, dout):
    return (dout * F.conv1d(x[None], w, b)[0]).sum()


class Conv1D:
    def __init__(self, w, b):
        self.w, self.b = w, b

    def forward(self, x):
        C_out, C_in, K = self.w.shape
        L_out = x.shape[1] - K + 1
        out = np.zeros((C_out, L_out))
        for t in range(L_out):
            out[:, t] = np.tensordot(self.w, x[:, t:t + K], axes=([1, 2], [0, 1])) + self.b
        self.x = x
        return out

    def backward(self, dout):
        C_out, C_in, K = self.w.shape
        self.db = np.sum(dout, axis=0)  # <- wrong
        self.dw = np.zeros_like(self.w)
        dx = np.zeros_like(self.x)
        for t in range(dout.shape[1]):
            self.dw += dout[:, t][:, None, None] * self.x[None, :, t:t + K]
            dx[:, t:t + K] += np.tensordot(dout[:, t], self.w, axes=(0, 0))
        return dx


class Conv1DFixed(Conv1D):
    def backward(self, dout):
        C_out, C_in, K = self.w.shape
        self.db = np.sum(dout, axis=1)
        self.dw = np.zeros_like(self.w)
        dx = np.zeros_like(self.x)
        for t in range(dout.shape[1]):
            self.dw += dout[:, t][:, None, None] * self.x[None, :, t:t + K]
            dx[:, t:t + K] += np.tensordot(dout[:, t], self.w, axes=(0, 0))
        return dx


def grad(x, w, b, dout):
    conv = Conv1D(w, b)
    conv.forward(x)
    dx = conv.backward(dout)
    return dx, conv.dw, conv.db


def grad_fixed(x, w, b, dout):
    conv = Conv1DFixed(w, b)
    conv.forward(x)
    dx = conv.backward(dout)
    return dx, conv.dw, conv.db


SPEC = dict(wrt=("x", "w", "b"), shapes={"x": (2, 5), "w": (3, 2, 3), "b": (3,), "dout": (3, 3)}, draws={},
            sizes={})
case = derivation(loss, grad, **SPEC, name="x_conv1d_01")
CAUSE = "reduction-axis"
FIX = "Each output channel's bias is added at every position, so db sums dout over the positions, axis 1."
