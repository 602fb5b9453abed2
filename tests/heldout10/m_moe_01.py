"""A softmax gate over fixed expert outputs (mixture of experts), numpy backward:
g = softmax(x Wg) over E experts, out_n = sum_e g_ne experts_ne, L = 1/2 sum (out - t)^2;
x (N, D), Wg (D, E), experts (N, E, K), t (N, K) with N = 6, D = 3, E = 4, K = 2.
"""

import numpy as np
import torch

from verify import derivation


def loss(x, experts, t, Wg):
    g = torch.softmax(x @ Wg, dim=1)
    out = (g[:, :, None] * experts).sum(dim=1)
    return 0.5 * ((out - t) ** 2).sum()


def grad(x, experts, t, Wg):
    x, experts, t, Wg = map(np.asarray, (x, experts, t, Wg))
    logits = x @ Wg
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    g = e / e.sum(axis=1, keepdims=True)
    out = np.einsum("ne,nek->nk", g, experts)
    dout = out - t
    dg = np.einsum("nk,nek->ne", dout, experts)
    dlogits = g * (dg - (g * dg).sum(axis=0, keepdims=True))  # <- wrong
    return x.T @ dlogits


def grad_fixed(x, experts, t, Wg):
    x, experts, t, Wg = map(np.asarray, (x, experts, t, Wg))
    logits = x @ Wg
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    g = e / e.sum(axis=1, keepdims=True)
    out = np.einsum("ne,nek->nk", g, experts)
    dout = out - t
    dg = np.einsum("nk,nek->ne", dout, experts)
    dlogits = g * (dg - (g * dg).sum(axis=1, keepdims=True))
    return x.T @ dlogits


SPEC = dict(wrt="Wg",
            shapes={"x": ("N", "D"), "experts": ("N", "E", "K"), "t": ("N", "K"),
                    "Wg": ("D", "E")},
            draws={}, sizes={"N": 6, "D": 3, "E": 4, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_moe_01")
CAUSE = "reduction-axis"
FIX = "The softmax Jacobian sums g * dg over the experts of each row: axis=1."
