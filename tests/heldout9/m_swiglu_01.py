"""A SwiGLU feed-forward layer, torch: h = silu(x W) * (x V), out = h Wo, L = sum(G * out);
x (N, D), W and V (D, H), Wo (H, D), G (N, D) with N = 4, D = 5, H = 8.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, W, V, Wo, G):
    return (G * ((F.silu(x @ W) * (x @ V)) @ Wo)).sum()


def grad(x, W, V, Wo, G):
    a = x @ W
    b = x @ V
    s = torch.sigmoid(a)
    h = a * s * b
    dWo = h.T @ G
    dh = G @ Wo.T
    da = dh * b * s * (1 + a * (1 - s))
    db = dh * a * s
    dW = x.T @ da
    dV = x.T @ db
    return dV, dW, dWo  # <- wrong


def grad_fixed(x, W, V, Wo, G):
    a = x @ W
    b = x @ V
    s = torch.sigmoid(a)
    h = a * s * b
    dWo = h.T @ G
    dh = G @ Wo.T
    da = dh * b * s * (1 + a * (1 - s))
    db = dh * a * s
    dW = x.T @ da
    dV = x.T @ db
    return dW, dV, dWo


SPEC = dict(wrt=("W", "V", "Wo"),
            shapes={"x": ("N", "D"), "W": ("D", "H"), "V": ("D", "H"), "Wo": ("H", "D"),
                    "G": ("N", "D")},
            draws={}, sizes={"N": 4, "D": 5, "H": 8})
case = derivation(loss, grad, **SPEC, name="m_swiglu_01")
CAUSE = "return-order"
FIX = "wrt is (W, V, Wo): the gate's gradient dW comes first, then dV."
