"""A 2-2-1 sigmoid network over a small batch, pure Python loops:
h_nj = sigma(sum_i x_ni W1_ij), o_n = sigma(sum_j h_nj w2_j), L = F.mse_loss(o, t) = 1/N sum_n (o_n - t_n)^2;
x (N, D), W1 (D, H), w2 (H,), t (N,) targets in (0, 1), with N = 3, D = 2, H = 2.
"""

import math

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, W1, w2, t):
    o = torch.sigmoid(torch.sigmoid(x @ W1) @ w2)
    return F.mse_loss(o, t)


def logistic(z):
    return 0.5 * (1.0 + math.tanh(0.5 * z))


def grad(x, W1, w2, t):
    X = [[float(v) for v in row] for row in x]
    V = [[float(v) for v in row] for row in W1]
    u = [float(v) for v in w2]
    T = [float(v) for v in t]
    n_examples, n_in, n_hidden = len(X), len(V), len(u)
    dV = [[0.0] * n_hidden for _ in range(n_in)]
    du = [0.0] * n_hidden
    for n in range(n_examples):
        h = [logistic(sum(X[n][i] * V[i][j] for i in range(n_in))) for j in range(n_hidden)]
        o = logistic(sum(h[j] * u[j] for j in range(n_hidden)))
        dE_do = o - T[n]  # <- wrong
        delta_o = dE_do * o * (1.0 - o)
        for j in range(n_hidden):
            du[j] += delta_o * h[j]
            delta_h = delta_o * u[j] * h[j] * (1.0 - h[j])
            for i in range(n_in):
                dV[i][j] += delta_h * X[n][i]
    return dV, du


def grad_fixed(x, W1, w2, t):
    X = [[float(v) for v in row] for row in x]
    V = [[float(v) for v in row] for row in W1]
    u = [float(v) for v in w2]
    T = [float(v) for v in t]
    n_examples, n_in, n_hidden = len(X), len(V), len(u)
    dV = [[0.0] * n_hidden for _ in range(n_in)]
    du = [0.0] * n_hidden
    for n in range(n_examples):
        h = [logistic(sum(X[n][i] * V[i][j] for i in range(n_in))) for j in range(n_hidden)]
        o = logistic(sum(h[j] * u[j] for j in range(n_hidden)))
        dE_do = 2.0 * (o - T[n]) / n_examples
        delta_o = dE_do * o * (1.0 - o)
        for j in range(n_hidden):
            du[j] += delta_o * h[j]
            delta_h = delta_o * u[j] * h[j] * (1.0 - h[j])
            for i in range(n_in):
                dV[i][j] += delta_h * X[n][i]
    return dV, du


SPEC = dict(wrt=("W1", "w2"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "w2": ("H",), "t": ("N",)},
            draws={"t": "uniform"}, sizes={"N": 3, "D": 2, "H": 2})
case = derivation(loss, grad, **SPEC, name="m_sigmoidnet_01")
CAUSE = "mse-convention"
FIX = "mse_loss is the mean of the squares, so dE/do = 2 (o - t) / N, not the 1/2-sum-of-squares error o - t."
