"""Textbook two-layer sigmoid network on one example, delta rule, pure Python:
O_j = sigmoid(sum_i x_i W_ij), O_k = sigmoid(sum_j O_j W_jk), E = 1/2 sum_k (O_k - t_k)^2;
x (3,), W_ij (3, 4), W_jk (4, 2), t (2,).
"""

import math

import torch

from verify import derivation


def loss(x, W_ij, W_jk, t):
    O_j = torch.sigmoid(x @ W_ij)
    O_k = torch.sigmoid(O_j @ W_jk)
    return 0.5 * ((O_k - t) ** 2).sum()


def sig(z):
    return 1.0 / (1.0 + math.exp(-z))


def grad(x, W_ij, W_jk, t):
    x, W_ij, W_jk, t = x.tolist(), W_ij.tolist(), W_jk.tolist(), t.tolist()
    I, J, K = len(x), len(W_jk), len(t)
    O_j = [sig(sum(x[i] * W_ij[i][j] for i in range(I))) for j in range(J)]
    O_k = [sig(sum(O_j[j] * W_jk[j][k] for j in range(J))) for k in range(K)]
    # output deltas, then back-propagate them to the hidden layer
    delta_k = [O_k[k] - t[k] for k in range(K)]  # <- wrong
    delta_j = [O_j[j] * (1 - O_j[j]) * sum(delta_k[k] * W_jk[j][k] for k in range(K)) for j in range(J)]
    dW_jk = [[O_j[j] * delta_k[k] for k in range(K)] for j in range(J)]
    dW_ij = [[x[i] * delta_j[j] for j in range(J)] for i in range(I)]
    return dW_ij, dW_jk


def grad_fixed(x, W_ij, W_jk, t):
    x, W_ij, W_jk, t = x.tolist(), W_ij.tolist(), W_jk.tolist(), t.tolist()
    I, J, K = len(x), len(W_jk), len(t)
    O_j = [sig(sum(x[i] * W_ij[i][j] for i in range(I))) for j in range(J)]
    O_k = [sig(sum(O_j[j] * W_jk[j][k] for j in range(J))) for k in range(K)]
    # output deltas, then back-propagate them to the hidden layer
    delta_k = [(O_k[k] - t[k]) * O_k[k] * (1 - O_k[k]) for k in range(K)]
    delta_j = [O_j[j] * (1 - O_j[j]) * sum(delta_k[k] * W_jk[j][k] for k in range(K)) for j in range(J)]
    dW_jk = [[O_j[j] * delta_k[k] for k in range(K)] for j in range(J)]
    dW_ij = [[x[i] * delta_j[j] for j in range(J)] for i in range(I)]
    return dW_ij, dW_jk


SPEC = dict(wrt=("W_ij", "W_jk"), shapes={"x": (3,), "W_ij": (3, 4), "W_jk": (4, 2), "t": (2,)},
            draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="n_twolayer_19")
CAUSE = "activation-derivative-missing"
FIX = "The output units are sigmoids too, so delta_k = (O_k - t_k) O_k (1 - O_k)."
