"""Unscaled dot-product attention in torch (no autograd): A = softmax(Q K^T, dim=-1), O = A V,
L = sum(dout * O); Q (T, d) = (4, 3), K (4, 3), V (4, 3), dout (4, 3); wrt Q and K.
"""

import torch

from verify import derivation


def loss(Q, K, V, dout):
    return (dout * (torch.softmax(Q @ K.T, dim=-1) @ V)).sum()


def grad(Q, K, V, dout):
    S = Q @ K.T
    A = torch.softmax(S, dim=-1)
    dA = dout @ V.T
    dS = A * (dA - (dA * A).sum(dim=0, keepdim=True))  # <- wrong
    dQ = dS @ K
    dK = dS.T @ Q
    return dQ, dK


def grad_fixed(Q, K, V, dout):
    S = Q @ K.T
    A = torch.softmax(S, dim=-1)
    dA = dout @ V.T
    dS = A * (dA - (dA * A).sum(dim=-1, keepdim=True))
    dQ = dS @ K
    dK = dS.T @ Q
    return dQ, dK


SPEC = dict(wrt=("Q", "K"), shapes={"Q": (4, 3), "K": (4, 3), "V": (4, 3), "dout": (4, 3)})
case = derivation(loss, grad, **SPEC, name="k_attn_02")
CAUSE = "reduction-axis"
FIX = "The softmax runs over each row (the keys), so its Jacobian-vector sum is over dim=-1."
