"""A mixture of linear experts with a softmax gate, half squared error averaged over the batch, numpy einsum:
g = softmax(X Wg), Y_e = X We[e], out = sum_e g_e Y_e, L = 1/(2N) sum_n ||out_n - Y_n||^2;
X (N, D), Wg (D, E), We (E, D, K), Y (N, K), N = 2, D = 4, E = 3, K = 2.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, Y, Wg, We):
    g = torch.softmax(X @ Wg, dim=1)
    out = torch.einsum("ne,nek->nk", g, torch.einsum("nd,edk->nek", X, We))
    return 0.5 * ((out - Y) ** 2).sum() / X.shape[0]


def grad(X, Y, Wg, We):
    X, Y, Wg, We = (np.asarray(a) for a in (X, Y, Wg, We))
    logits = X @ Wg
    g = np.exp(logits - logits.max(axis=1, keepdims=True))
    g /= g.sum(axis=1, keepdims=True)
    Ye = np.einsum("nd,edk->nek", X, We)
    out = np.einsum("ne,nek->nk", g, Ye)
    dout = out - Y  # <- wrong
    dWe = np.einsum("nd,ne,nk->edk", X, g, dout)
    dg = np.einsum("nek,nk->ne", Ye, dout)
    dlogits = g * (dg - (dg * g).sum(axis=1, keepdims=True))
    return X.T @ dlogits, dWe


def grad_fixed(X, Y, Wg, We):
    X, Y, Wg, We = (np.asarray(a) for a in (X, Y, Wg, We))
    logits = X @ Wg
    g = np.exp(logits - logits.max(axis=1, keepdims=True))
    g /= g.sum(axis=1, keepdims=True)
    Ye = np.einsum("nd,edk->nek", X, We)
    out = np.einsum("ne,nek->nk", g, Ye)
    dout = (out - Y) / X.shape[0]
    dWe = np.einsum("nd,ne,nk->edk", X, g, dout)
    dg = np.einsum("nek,nk->ne", Ye, dout)
    dlogits = g * (dg - (dg * g).sum(axis=1, keepdims=True))
    return X.T @ dlogits, dWe


SPEC = dict(wrt=("Wg", "We"),
            shapes={"X": ("N", "D"), "Y": ("N", "K"), "Wg": ("D", "E"), "We": ("E", "D", "K")},
            draws={}, sizes={"N": 2, "D": 4, "E": 3, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_moe_01")
CAUSE = "batch-mean"
FIX = "The loss is averaged over the N examples, so dout = (out - Y) / N."
