"""A SELU unit layer read out by a fixed vector, pure Python:
z_j = sum_i W_ji x_i, L = sum_j v_j selu(z_j),
selu(z) = lam z (z > 0), lam alpha (e^z - 1) (z <= 0);
W (4, 3), x (3,), v (4,); the gradient dL/dW (4, 3).
"""

import math

import torch.nn.functional as F

from verify import derivation

ALPHA = 1.6732632423543772
SCALE = 1.0507009873554805


def loss(W, x, v):
    return (v * F.selu(W @ x)).sum()


def grad(W, x, v):
    W, x, v = W.tolist(), x.tolist(), v.tolist()
    dW = []
    for j in range(len(W)):
        z = sum(W[j][i] * x[i] for i in range(len(x)))
        slope = SCALE
        if z <= 0:
            slope = ALPHA * math.exp(z)  # <- wrong
        dW.append([v[j] * slope * xi for xi in x])
    return dW


def grad_fixed(W, x, v):
    W, x, v = W.tolist(), x.tolist(), v.tolist()
    dW = []
    for j in range(len(W)):
        z = sum(W[j][i] * x[i] for i in range(len(x)))
        slope = SCALE
        if z <= 0:
            slope = SCALE * ALPHA * math.exp(z)
        dW.append([v[j] * slope * xi for xi in x])
    return dW


SPEC = dict(wrt="W", shapes={"W": (4, 3), "x": (3,), "v": (4,)}, draws={})
case = derivation(loss, grad, **SPEC, name="m_selu_01")
CAUSE = "wrong-coefficient"
FIX = "The negative branch is scaled by lambda too: selu'(z) = lambda alpha e^z for z <= 0."
