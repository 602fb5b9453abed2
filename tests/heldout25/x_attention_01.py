"""Single-head causal scaled dot-product attention with a hand-written backward:
S = Q K^T / sqrt(D) with S_ij = -inf for j > i, A = softmax_j(S), O = A V, L = sum(dout * O);
Q, K, V, dout (T, D).
"""

import math

import torch

from verify import derivation


def loss(Q, K, V, dout):
    T, D = Q.shape
    S = Q @ K.T / math.sqrt(D)
    mask = torch.ones(T, T, dtype=torch.bool).triu(1)
    A = torch.softmax(S.masked_fill(mask, float("-inf")), dim=-1)
    return (dout * (A @ V)).sum()


class CausalAttention:
    def forward(self, Q, K, V):
        T, D = Q.shape
        self.scale = 1.0 / math.sqrt(D)
        S = (Q @ K.T) * self.scale
        mask = torch.ones(T, T, dtype=torch.bool).triu(1)
        S = S.masked_fill(mask, float("-inf"))
        A = torch.softmax(S, dim=-1)
        self.saved = (Q, K, V, A)
        return A @ V

    def backward(self, dout):
        Q, K, V, A = self.saved
        dV = A.T @ dout
        dA = dout @ V.T
        dS = A * (dA - (dA * A).sum(dim=-1, keepdim=True))
        dQ = dS @ K * self.scale
        dK = dS @ Q * self.scale  # <- wrong
        return dQ, dK, dV


class CausalAttentionFixed(CausalAttention):
    def backward(self, dout):
        Q, K, V, A = self.saved
        dV = A.T @ dout
        dA = dout @ V.T
        dS = A * (dA - (dA * A).sum(dim=-1, keepdim=True))
        dQ = dS @ K * self.scale
        dK = dS.T @ Q * self.scale
        return dQ, dK, dV


def grad(Q, K, V, dout):
    attn = CausalAttention()
    attn.forward(Q, K, V)
    return attn.backward(dout)


def grad_fixed(Q, K, V, dout):
    attn = CausalAttentionFixed()
    attn.forward(Q, K, V)
    return attn.backward(dout)


SPEC = dict(wrt=("Q", "K", "V"), shapes={"Q": ("T", "D"), "K": ("T", "D"), "V": ("T", "D"), "dout": ("T", "D")},
            draws={}, sizes={"T": 4, "D": 3})
case = derivation(loss, grad, **SPEC, name="x_attention_01")
CAUSE = "transpose"
FIX = "Since S = Q K^T, the gradient with respect to K is dS^T Q (scaled), not dS Q."
