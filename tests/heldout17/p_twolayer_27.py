"""Two-layer sigmoid network with one output, plain Python (the classic i -> j -> k derivation):
h_j = sigmoid(sum_i W1[j][i] x_i), o = sigmoid(sum_j w2_j h_j), E = 1/2 (o - t)^2;
x (3,), W1 (4, 3), w2 (4,), t (1,) in (0.1, 0.9).
"""

import math

import torch

from verify import derivation


def loss(x, W1, w2, t):
    o = torch.sigmoid(torch.sigmoid(W1 @ x) @ w2)
    return 0.5 * ((o - t) ** 2).sum()


def sig(z):
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def grad(x, W1, w2, t):
    xs = [float(v) for v in x]
    hs = [sig(sum(float(w) * xi for w, xi in zip(row, xs))) for row in W1]
    o = sig(sum(float(w) * h for w, h in zip(w2, hs)))
    delta_o = (o - float(t[0])) * o * (1 - o)
    dw2 = [delta_o * h for h in hs]
    dW1 = []
    for j, h in enumerate(hs):
        delta_j = delta_o * float(w2[j]) * o * (1 - o)  # <- wrong
        dW1.append([delta_j * xi for xi in xs])
    return dW1, dw2


def grad_fixed(x, W1, w2, t):
    xs = [float(v) for v in x]
    hs = [sig(sum(float(w) * xi for w, xi in zip(row, xs))) for row in W1]
    o = sig(sum(float(w) * h for w, h in zip(w2, hs)))
    delta_o = (o - float(t[0])) * o * (1 - o)
    dw2 = [delta_o * h for h in hs]
    dW1 = []
    for j, h in enumerate(hs):
        delta_j = delta_o * float(w2[j]) * h * (1 - h)
        dW1.append([delta_j * xi for xi in xs])
    return dW1, dw2


SPEC = dict(wrt=("W1", "w2"), shapes={"x": (3,), "W1": (4, 3), "w2": (4,), "t": (1,)},
            draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="p_twolayer_27")
CAUSE = "wrong-layer"
FIX = "The hidden delta uses the hidden unit's own derivative h_j (1 - h_j), not the output's o (1 - o)."
