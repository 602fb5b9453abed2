"""A bag-of-embeddings text classifier, torch: e_n = mean_l E[ids_nl], logits = e W + c,
L = mean cross-entropy; E (V, K), ids (N, S) token ids, W (K, C), c (C,), y (N,) labels
with V = 10, K = 4, N = 5, S = 3, C = 2.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(E, W, c, ids, y):
    e = E[ids].mean(dim=1)
    return F.cross_entropy(e @ W + c, y)


def grad(E, W, c, ids, y):
    N, S = ids.shape
    e = E[ids].mean(dim=1)
    P = torch.softmax(e @ W + c, dim=1)
    dlogits = (P - F.one_hot(y, W.shape[1]).to(P.dtype)) / N
    dW = e.T @ dlogits
    dc = dlogits.sum(dim=0)
    de = dlogits @ W.T
    per_token = (de / S).repeat_interleave(S, dim=0)
    dE = torch.zeros_like(E).index_add_(0, ids.reshape(-1), per_token)
    return dW, dc, dE  # <- wrong


def grad_fixed(E, W, c, ids, y):
    N, S = ids.shape
    e = E[ids].mean(dim=1)
    P = torch.softmax(e @ W + c, dim=1)
    dlogits = (P - F.one_hot(y, W.shape[1]).to(P.dtype)) / N
    dW = e.T @ dlogits
    dc = dlogits.sum(dim=0)
    de = dlogits @ W.T
    per_token = (de / S).repeat_interleave(S, dim=0)
    dE = torch.zeros_like(E).index_add_(0, ids.reshape(-1), per_token)
    return dE, dW, dc


SPEC = dict(wrt=("E", "W", "c"),
            shapes={"E": (10, 4), "W": (4, 2), "c": (2,), "ids": (5, 3), "y": (5,)},
            draws={"ids": ("labels", 10), "y": ("labels", 2)}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_embed_01")
CAUSE = "return-order"
FIX = "wrt is (E, W, c), so the embedding gradient comes first: return dE, dW, dc."
