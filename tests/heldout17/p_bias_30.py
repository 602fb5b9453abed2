"""A tanh layer on lists of lists, plain Python: Y[n][m] = tanh(sum_d X[n][d] W[d][m] + b[m]),
E = 1/2 sum (Y - T)^2; X (3, 2), W (2, 3), b (3,), T (3, 3).
"""

import math

import torch

from verify import derivation


def loss(X, W, b, T):
    return 0.5 * ((torch.tanh(X @ W + b) - T) ** 2).sum()


def grad(X, W, b, T):
    X = [[float(v) for v in row] for row in X]
    W = [[float(v) for v in row] for row in W]
    T = [[float(v) for v in row] for row in T]
    N, D, M = len(X), len(W), len(W[0])
    dZ = []
    for n in range(N):
        row = []
        for m in range(M):
            y = math.tanh(sum(X[n][d] * W[d][m] for d in range(D)) + float(b[m]))
            row.append((y - T[n][m]) * (1 - y * y))
        dZ.append(row)
    dW = [[sum(X[n][d] * dZ[n][m] for n in range(N)) for m in range(M)] for d in range(D)]
    db = [sum(r) for r in dZ]  # <- wrong
    return dW, db


def grad_fixed(X, W, b, T):
    X = [[float(v) for v in row] for row in X]
    W = [[float(v) for v in row] for row in W]
    T = [[float(v) for v in row] for row in T]
    N, D, M = len(X), len(W), len(W[0])
    dZ = []
    for n in range(N):
        row = []
        for m in range(M):
            y = math.tanh(sum(X[n][d] * W[d][m] for d in range(D)) + float(b[m]))
            row.append((y - T[n][m]) * (1 - y * y))
        dZ.append(row)
    dW = [[sum(X[n][d] * dZ[n][m] for n in range(N)) for m in range(M)] for d in range(D)]
    db = [sum(r[m] for r in dZ) for m in range(M)]
    return dW, db


SPEC = dict(wrt=("W", "b"), shapes={"X": (3, 2), "W": (2, 3), "b": (3,), "T": (3, 3)})
case = derivation(loss, grad, **SPEC, name="p_bias_30")
CAUSE = "reduction-axis"
FIX = "b[m] is shared by every example, so db[m] sums dZ[n][m] over n (a column), not a row of dZ."
