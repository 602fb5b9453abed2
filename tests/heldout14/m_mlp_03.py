"""A 3-2-2 network with sigmoid units in both layers, one training example, squared error,
pure Python: h_j = sigma(sum_i x_i V_ij), o_k = sigma(sum_j h_j W_jk),
E = (1/2) sum_k (o_k - t_k)^2; x (3,), V (3, 2), W (2, 2), t (2,).
"""

import math

import torch

from verify import derivation


def loss(x, V, W, t):
    h = torch.sigmoid(x @ V)
    o = torch.sigmoid(h @ W)
    return 0.5 * ((o - t) ** 2).sum()


def grad(x, V, W, t):
    xs, Vl, Wl, ts = x.tolist(), V.tolist(), W.tolist(), t.tolist()
    ni, nh, no = len(xs), len(Wl), len(Wl[0])
    net_h = [sum(xs[i] * Vl[i][j] for i in range(ni)) for j in range(nh)]
    h = [1 / (1 + math.exp(-n)) for n in net_h]
    net_o = [sum(h[j] * Wl[j][k] for j in range(nh)) for k in range(no)]
    o = [1 / (1 + math.exp(-n)) for n in net_o]
    delta_o = [(o[k] - ts[k]) * o[k] * (1 - o[k]) for k in range(no)]
    back = [sum(Wl[j][k] * delta_o[k] for k in range(no)) for j in range(nh)]
    delta_h = [net_h[j] * (1 - net_h[j]) * back[j] for j in range(nh)]  # <- wrong
    dV = [[xs[i] * delta_h[j] for j in range(nh)] for i in range(ni)]
    dW = [[h[j] * delta_o[k] for k in range(no)] for j in range(nh)]
    return dV, dW


def grad_fixed(x, V, W, t):
    xs, Vl, Wl, ts = x.tolist(), V.tolist(), W.tolist(), t.tolist()
    ni, nh, no = len(xs), len(Wl), len(Wl[0])
    net_h = [sum(xs[i] * Vl[i][j] for i in range(ni)) for j in range(nh)]
    h = [1 / (1 + math.exp(-n)) for n in net_h]
    net_o = [sum(h[j] * Wl[j][k] for j in range(nh)) for k in range(no)]
    o = [1 / (1 + math.exp(-n)) for n in net_o]
    delta_o = [(o[k] - ts[k]) * o[k] * (1 - o[k]) for k in range(no)]
    back = [sum(Wl[j][k] * delta_o[k] for k in range(no)) for j in range(nh)]
    delta_h = [h[j] * (1 - h[j]) * back[j] for j in range(nh)]
    dV = [[xs[i] * delta_h[j] for j in range(nh)] for i in range(ni)]
    dW = [[h[j] * delta_o[k] for k in range(no)] for j in range(nh)]
    return dV, dW


SPEC = dict(wrt=("V", "W"), shapes={"x": (3,), "V": (3, 2), "W": (2, 2), "t": (2,)},
            draws={"x": "uniform", "t": "uniform"}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_mlp_03")
CAUSE = "activation-derivative-of-input"
FIX = "The sigmoid's derivative is h (1 - h) with h = sigma(net_h), the unit's output, not its net input."
