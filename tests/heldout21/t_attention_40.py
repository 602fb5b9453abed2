"""Scaled dot-product cross-attention (3 queries, 5 keys), torch, forward/backward helpers.

A = softmax(Q K^T / sqrt(d)), O = A V, L = sum(G * O); Q (3, 4), K (5, 4), V (5, 2), G (3, 2).
Gradients with respect to Q and V.
Mistake: dV is built from the raw scores S (before the softmax) instead of the attention
weights A: dV = S^T G.
"""

import torch

from verify import derivation


def loss(Q, K, V, G):
    A = torch.softmax(Q @ K.T / Q.shape[1] ** 0.5, dim=1)
    return (G * (A @ V)).sum()


def attention_forward(Q, K, V):
    d_k = Q.shape[1]
    S = Q @ K.T / d_k ** 0.5
    A = torch.softmax(S, dim=1)
    return A @ V, (Q, K, V, S, A)


def attention_backward(dO, cache):
    Q, K, V, S, A = cache
    d_k = Q.shape[1]
    dV = S.T @ dO  # <- wrong
    dA = dO @ V.T
    dS = A * (dA - (A * dA).sum(dim=1, keepdim=True))
    dQ = dS @ K / d_k ** 0.5
    return dQ, dV


def attention_backward_fixed(dO, cache):
    Q, K, V, S, A = cache
    d_k = Q.shape[1]
    dV = A.T @ dO
    dA = dO @ V.T
    dS = A * (dA - (A * dA).sum(dim=1, keepdim=True))
    dQ = dS @ K / d_k ** 0.5
    return dQ, dV


def grad(Q, K, V, G):
    _, cache = attention_forward(Q, K, V)
    return attention_backward(G, cache)


def grad_fixed(Q, K, V, G):
    _, cache = attention_forward(Q, K, V)
    return attention_backward_fixed(G, cache)


SPEC = dict(wrt=("Q", "V"), shapes={"Q": (3, 4), "K": (5, 4), "V": (5, 2), "G": (3, 2)})
case = derivation(loss, grad, **SPEC, name="t_attention_40")
CAUSE = "wrong-operand"
FIX = "O = A V, so dV = A^T dO with the softmax weights A, not the raw scores S."
