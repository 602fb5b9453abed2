"""Global average pooling followed by a linear classifier, numpy:
feats = mean of x over H and W, L = cross_entropy(feats Wfc, y);
x (3, 4, 5, 6) as (N, C, H, W), Wfc (4, 3), y (3,) in 0..2.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(x, Wfc, y):
    return F.cross_entropy(x.mean(dim=(2, 3)) @ Wfc, y)


def grad(x, Wfc, y):
    N, C, H, W = x.shape
    feats = x.mean(axis=(2, 3))
    scores = feats.dot(Wfc)
    probs = np.exp(scores - scores.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    dscores = probs
    dscores[np.arange(N), y] -= 1
    dscores /= N
    dWfc = feats.T.dot(dscores)
    dfeats = dscores.dot(Wfc.T)
    dx = np.ones_like(x) * dfeats[:, :, None, None] / H  # <- wrong
    return dx, dWfc


def grad_fixed(x, Wfc, y):
    N, C, H, W = x.shape
    feats = x.mean(axis=(2, 3))
    scores = feats.dot(Wfc)
    probs = np.exp(scores - scores.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    dscores = probs
    dscores[np.arange(N), y] -= 1
    dscores /= N
    dWfc = feats.T.dot(dscores)
    dfeats = dscores.dot(Wfc.T)
    dx = np.ones_like(x) * dfeats[:, :, None, None] / (H * W)
    return dx, dWfc


SPEC = dict(wrt=("x", "Wfc"), shapes={"x": (3, 4, 5, 6), "Wfc": (4, 3), "y": (3,)},
            draws={"y": ("labels", 3)})
case = derivation(loss, grad, **SPEC, name="m_pool_01")
CAUSE = "wrong-divisor"
FIX = "Each of the H * W positions gets 1/(H W) of the pooled gradient."
