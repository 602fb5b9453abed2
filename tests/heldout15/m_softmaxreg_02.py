"""Softmax regression trained example by example, pure Python:
z_k = sum_j W_kj x_j + b_k, L = 1/N sum_n CE(z, y_n); W (3, 4), b (3,), X (5, 4), Y (5, 3) one-hot.
"""

import math

import torch.nn.functional as F

from verify import derivation


def loss(W, b, X, Y):
    return -(Y * F.log_softmax(X @ W.T + b, dim=1)).sum(1).mean()


def grad(W, b, X, Y):
    W, b, X, Y = W.tolist(), b.tolist(), X.tolist(), Y.tolist()
    C, D, N = len(W), len(W[0]), len(X)
    dW = [[0.0] * D for _ in range(C)]
    db = [0.0] * C
    for x, y in zip(X, Y):
        z = [sum(W[k][j] * x[j] for j in range(D)) + b[k] for k in range(C)]
        m = max(z)
        e = [math.exp(zk - m) for zk in z]
        s = sum(e)
        for k in range(C):
            g = (e[k] / s - y[k]) / N
            for j in range(D):
                dW[k][j] += g * W[k][j]  # <- wrong
            db[k] += g
    return dW, db


def grad_fixed(W, b, X, Y):
    W, b, X, Y = W.tolist(), b.tolist(), X.tolist(), Y.tolist()
    C, D, N = len(W), len(W[0]), len(X)
    dW = [[0.0] * D for _ in range(C)]
    db = [0.0] * C
    for x, y in zip(X, Y):
        z = [sum(W[k][j] * x[j] for j in range(D)) + b[k] for k in range(C)]
        m = max(z)
        e = [math.exp(zk - m) for zk in z]
        s = sum(e)
        for k in range(C):
            g = (e[k] / s - y[k]) / N
            for j in range(D):
                dW[k][j] += g * x[j]
            db[k] += g
    return dW, db


SPEC = dict(wrt=("W", "b"), shapes={"W": (3, 4), "b": (3,), "X": (5, 4), "Y": (5, 3)},
            draws={"Y": "onehot"})
case = derivation(loss, grad, **SPEC, name="m_softmaxreg_02")
CAUSE = "wrong-operand"
FIX = "dz_k/dW_kj = x_j, so accumulate g * x[j], not g * W[k][j]."
