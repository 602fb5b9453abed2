"""A perceptron with K sigmoid outputs on one example, in plain Python lists:
O_k = sigma(sum_i W_ki x_i), L = F.mse_loss(O, t) = 1/K sum_k (O_k - t_k)^2;
W (K, I) as a list of rows, x (I,), t (K,) with t in (0.1, 0.9), K = 3, I = 4.
"""

import math

import torch
import torch.nn.functional as F

from verify import derivation


def loss(W, x, t):
    return F.mse_loss(torch.sigmoid(W @ x), t)


def grad(W, x, t):
    K, I = len(W), len(x)
    out = []
    for k in range(K):
        net = sum(float(W[k][i]) * float(x[i]) for i in range(I))
        out.append(1.0 / (1.0 + math.exp(-net)))
    dW = []
    for k in range(K):
        delta = (out[k] - float(t[k])) * out[k] * (1.0 - out[k])  # <- wrong
        dW.append([delta * float(x[i]) for i in range(I)])
    return dW


def grad_fixed(W, x, t):
    K, I = len(W), len(x)
    out = []
    for k in range(K):
        net = sum(float(W[k][i]) * float(x[i]) for i in range(I))
        out.append(1.0 / (1.0 + math.exp(-net)))
    dW = []
    for k in range(K):
        delta = 2.0 / K * (out[k] - float(t[k])) * out[k] * (1.0 - out[k])
        dW.append([delta * float(x[i]) for i in range(I)])
    return dW


SPEC = dict(wrt="W",
            shapes={"W": (3, 4), "x": (4,), "t": (3,)},
            draws={"t": "uniform"}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_multiperc_02")
CAUSE = "mse-convention"
FIX = "mse_loss averages the squares over the K outputs with no 1/2, so delta_k carries 2 / K."
