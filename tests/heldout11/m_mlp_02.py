"""A two-layer tanh network on one example, written with Python lists as on paper:
h_j = tanh(sum_i W1_ji x_i), o_k = sum_j W2_kj h_j, E = 1/2 sum_k (o_k - t_k)^2;
x (3,), W1 (4, 3), W2 (2, 4), t (2,); the gradient dE/dW1 (4, 3).
"""

import math

import torch

from verify import derivation


def loss(W1, x, W2, t):
    o = W2 @ torch.tanh(W1 @ x)
    return 0.5 * ((o - t) ** 2).sum()


def grad(W1, x, W2, t):
    W1, x, W2, t = W1.tolist(), x.tolist(), W2.tolist(), t.tolist()
    h = [math.tanh(sum(W1[j][i] * x[i] for i in range(len(x)))) for j in range(len(W1))]
    o = [sum(W2[k][j] * h[j] for j in range(len(h))) for k in range(len(W2))]
    delta_o = [o[k] - t[k] for k in range(len(o))]
    delta_h = []
    for j in range(len(h)):
        back = sum(W2[k][j] * delta_o[k] for k in range(len(o)))
        delta_h.append(back)  # <- wrong
    return [[delta_h[j] * x[i] for i in range(len(x))] for j in range(len(h))]


def grad_fixed(W1, x, W2, t):
    W1, x, W2, t = W1.tolist(), x.tolist(), W2.tolist(), t.tolist()
    h = [math.tanh(sum(W1[j][i] * x[i] for i in range(len(x)))) for j in range(len(W1))]
    o = [sum(W2[k][j] * h[j] for j in range(len(h))) for k in range(len(W2))]
    delta_o = [o[k] - t[k] for k in range(len(o))]
    delta_h = []
    for j in range(len(h)):
        back = sum(W2[k][j] * delta_o[k] for k in range(len(o)))
        delta_h.append(back * (1 - h[j] ** 2))
    return [[delta_h[j] * x[i] for i in range(len(x))] for j in range(len(h))]


SPEC = dict(wrt="W1", shapes={"W1": (4, 3), "x": (3,), "W2": (2, 4), "t": (2,)}, draws={})
case = derivation(loss, grad, **SPEC, name="m_mlp_02")
CAUSE = "activation-derivative-missing"
FIX = "The hidden delta needs tanh'(net_j) = 1 - h_j^2: delta_h[j] = back * (1 - h[j] ** 2)."
