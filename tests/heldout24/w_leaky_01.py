"""A hidden layer of leaky ReLU units (slope 0.2) with a linear output, pure Python lists:
h_j = lrelu(sum_i W_ji x_ni), y_n = sum_j v_j h_j, E = 1/2 sum_n (y_n - t_n)^2;
x (3, 2), W (4, 2), v (4,), t (3,).
"""

import torch.nn.functional as F

from verify import derivation

SLOPE = 0.2


def loss(W, v, x, t):
    y = F.leaky_relu(x @ W.T, negative_slope=SLOPE) @ v
    return 0.5 * ((y - t) ** 2).sum()


def grad(W, v, x, t):
    W, v = W.tolist(), v.tolist()
    dW = [[0.0] * len(W[0]) for _ in W]
    dv = [0.0] * len(v)
    for xn, tn in zip(x.tolist(), t.tolist()):
        z = [sum(wji * xi for wji, xi in zip(Wj, xn)) for Wj in W]
        h = [zj if zj > 0 else SLOPE * zj for zj in z]
        y = sum(vj * hj for vj, hj in zip(v, h))
        dy = y - tn
        for j in range(len(v)):
            dv[j] += dy * h[j]
            dz = dy * v[j] * (1.0 if z[j] > 0 else 0.01)  # <- wrong
            for i in range(len(xn)):
                dW[j][i] += dz * xn[i]
    return dW, dv


def grad_fixed(W, v, x, t):
    W, v = W.tolist(), v.tolist()
    dW = [[0.0] * len(W[0]) for _ in W]
    dv = [0.0] * len(v)
    for xn, tn in zip(x.tolist(), t.tolist()):
        z = [sum(wji * xi for wji, xi in zip(Wj, xn)) for Wj in W]
        h = [zj if zj > 0 else SLOPE * zj for zj in z]
        y = sum(vj * hj for vj, hj in zip(v, h))
        dy = y - tn
        for j in range(len(v)):
            dv[j] += dy * h[j]
            dz = dy * v[j] * (1.0 if z[j] > 0 else SLOPE)
            for i in range(len(xn)):
                dW[j][i] += dz * xn[i]
    return dW, dv


SPEC = dict(wrt=("W", "v"), shapes={"W": (4, 2), "v": (4,), "x": (3, 2), "t": (3,)}, draws={},
            sizes={})
case = derivation(loss, grad, **SPEC, name="w_leaky_01")
CAUSE = "wrong-coefficient"
FIX = "The forward uses a negative slope of 0.2, so the derivative for z <= 0 is 0.2 as well."
