"""Scaled dot-product attention as a numpy layer class with a cache (single head, queries
and keys of different lengths): S = Q K^T / sqrt(d), P = softmax(S), out = P V;
loss = sum(dout * out); Q (4, 8), K (6, 8), V (6, 5), dout (4, 5).
"""

import numpy as np
import torch

from verify import derivation


class Attention:
    def forward(self, Q, K, V):
        self.Q, self.K, self.V = Q, K, V
        self.scale = 1.0 / np.sqrt(Q.shape[1])
        S = Q @ K.T * self.scale
        E = np.exp(S - S.max(axis=1, keepdims=True))
        self.P = E / E.sum(axis=1, keepdims=True)
        return self.P @ V

    def backward(self, dout):
        dV = self.P.T @ dout
        dP = dout @ self.V.T
        dS = self.P * (dP - np.sum(dP * self.P, axis=1, keepdims=True))  # <- wrong
        dQ = dS @ self.K
        dK = dS.T @ self.Q
        return dQ, dK, dV


class AttentionFixed(Attention):
    def backward(self, dout):
        dV = self.P.T @ dout
        dP = dout @ self.V.T
        dS = self.P * (dP - np.sum(dP * self.P, axis=1, keepdims=True)) * self.scale
        dQ = dS @ self.K
        dK = dS.T @ self.Q
        return dQ, dK, dV


def loss(Q, K, V, dout):
    S = Q @ K.T / Q.shape[1] ** 0.5
    return (dout * (torch.softmax(S, dim=1) @ V)).sum()


def grad(Q, K, V, dout):
    layer = Attention()
    layer.forward(Q, K, V)
    return layer.backward(dout)


def grad_fixed(Q, K, V, dout):
    layer = AttentionFixed()
    layer.forward(Q, K, V)
    return layer.backward(dout)


SPEC = dict(numpy=True, wrt=("Q", "K", "V"),
            shapes={"Q": (4, 8), "K": (6, 8), "V": (6, 5), "dout": (4, 5)})
case = derivation(loss, grad, **SPEC, name="m_attn_03")
CAUSE = "wrong-coefficient"
FIX = "S = Q K^T * scale, so dS must carry the 1/sqrt(d) scale on its way back to Q and K."
