"""Token-level softmax cross-entropy of a toy language model's output layer in torch (no
autograd): logits = h W, L = mean over all N*T tokens of -log softmax(logits)[y];
h (N, T, D) = (2, 3, 4), W (4, 5), integer labels y (2, 3) in 0..4.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(h, W, y):
    logits = h @ W
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))


def grad(h, W, y):
    logits = h @ W
    N, T, V = logits.shape
    p = torch.softmax(logits, dim=-1)
    Y = (y[..., None] == torch.arange(V)).to(p.dtype)
    dlogits = (p - Y) / N  # <- wrong
    dW = torch.einsum("ntd,ntv->dv", h, dlogits)
    dh = dlogits @ W.T
    return dW, dh


def grad_fixed(h, W, y):
    logits = h @ W
    N, T, V = logits.shape
    p = torch.softmax(logits, dim=-1)
    Y = (y[..., None] == torch.arange(V)).to(p.dtype)
    dlogits = (p - Y) / (N * T)
    dW = torch.einsum("ntd,ntv->dv", h, dlogits)
    dh = dlogits @ W.T
    return dW, dh


SPEC = dict(wrt=("W", "h"), shapes={"h": (2, 3, 4), "W": (4, 5), "y": (2, 3)},
            draws={"y": ("labels", 5)})
case = derivation(loss, grad, **SPEC, name="k_softmax_02")
CAUSE = "wrong-divisor"
FIX = "The mean runs over all N * T tokens, so dlogits = (p - Y) / (N * T)."
