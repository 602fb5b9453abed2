"""One hidden softplus layer and a scalar output, pure Python, one example at a time.

h = softplus(x W), y = h . v, L = sum_n (y_n - t_n)^2; X (3, 2), W (2, 4), v (4,), t (3,).
Gradients with respect to W and v.
Mistake: the hidden pre-activation gets e * v_j; softplus'(z) = sigmoid(z) is left out.
"""

import math

import torch.nn.functional as F

from verify import derivation


def loss(W, v, X, t):
    return ((F.softplus(X @ W) @ v - t) ** 2).sum()


def softplus(z):
    return max(z, 0.0) + math.log1p(math.exp(-abs(z)))


def sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def grad(W, v, X, t):
    D, H = len(W), len(v)
    dW = [[0.0] * H for _ in range(D)]
    dv = [0.0] * H
    for x, target in zip(X, t):
        z = [sum(x[i] * W[i][j] for i in range(D)) for j in range(H)]
        h = [softplus(zj) for zj in z]
        y = sum(h[j] * v[j] for j in range(H))
        e = 2 * (y - target)
        for j in range(H):
            dv[j] += e * h[j]
            dz = e * v[j]  # <- wrong
            for i in range(D):
                dW[i][j] += dz * x[i]
    return dW, dv


def grad_fixed(W, v, X, t):
    D, H = len(W), len(v)
    dW = [[0.0] * H for _ in range(D)]
    dv = [0.0] * H
    for x, target in zip(X, t):
        z = [sum(x[i] * W[i][j] for i in range(D)) for j in range(H)]
        h = [softplus(zj) for zj in z]
        y = sum(h[j] * v[j] for j in range(H))
        e = 2 * (y - target)
        for j in range(H):
            dv[j] += e * h[j]
            dz = e * v[j] * sigmoid(z[j])
            for i in range(D):
                dW[i][j] += dz * x[i]
    return dW, dv


SPEC = dict(wrt=("W", "v"), shapes={"W": (2, 4), "v": (4,), "X": (3, 2), "t": (3,)})
case = derivation(loss, grad, **SPEC, name="t_softplus_21")
CAUSE = "activation-derivative-missing"
FIX = "softplus'(z) = sigmoid(z), so the hidden delta is e * v_j * sigmoid(z_j)."
