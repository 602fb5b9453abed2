"""Two tanh units feeding a linear output, plain Python lists: h_j = tanh(sum_i W[j][i] x_i),
y = sum_j v_j h_j, E = 1/2 (y - t)^2; x (3,), W (2, 3), v (2,), t (1,).
"""

import math

import torch

from verify import derivation


def loss(x, W, v, t):
    y = torch.tanh(W @ x) @ v
    return 0.5 * ((y - t) ** 2).sum()


def grad(x, W, v, t):
    x = [float(a) for a in x]
    v = [float(a) for a in v]
    W = [[float(a) for a in row] for row in W]
    zs = [sum(wji * xi for wji, xi in zip(row, x)) for row in W]
    hs = [math.tanh(z) for z in zs]
    e = sum(vj * hj for vj, hj in zip(v, hs)) - float(t[0])
    dv = [e * hj for hj in hs]
    dW = []
    for j in range(len(W)):
        dz = e * v[j] * (1 - zs[j] ** 2)  # <- wrong
        dW.append([dz * xi for xi in x])
    return dW, dv


def grad_fixed(x, W, v, t):
    x = [float(a) for a in x]
    v = [float(a) for a in v]
    W = [[float(a) for a in row] for row in W]
    zs = [sum(wji * xi for wji, xi in zip(row, x)) for row in W]
    hs = [math.tanh(z) for z in zs]
    e = sum(vj * hj for vj, hj in zip(v, hs)) - float(t[0])
    dv = [e * hj for hj in hs]
    dW = []
    for j in range(len(W)):
        dz = e * v[j] * (1 - hs[j] ** 2)
        dW.append([dz * xi for xi in x])
    return dW, dv


SPEC = dict(wrt=("W", "v"), shapes={"x": (3,), "W": (2, 3), "v": (2,), "t": (1,)})
case = derivation(loss, grad, **SPEC, name="p_tanh_24")
CAUSE = "activation-derivative-of-input"
FIX = "tanh'(z) = 1 - tanh(z)^2, so use 1 - hs[j]^2, not 1 - zs[j]^2."
