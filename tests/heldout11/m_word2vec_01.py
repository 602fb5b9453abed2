"""Skip-gram with negative sampling (word2vec), averaged over a batch of pairs, torch:
L = -1/N sum_n [ log sigma(u_n . v_n) + sum_k log sigma(-u'_nk . v_n) ];
v (4, 3) centre vectors, u (4, 3) context vectors, neg (4, 2, 3) negative samples.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(v, u, neg):
    pos = F.logsigmoid((u * v).sum(dim=-1))
    negs = F.logsigmoid(-torch.einsum("nkd,nd->nk", neg, v)).sum(dim=-1)
    return -(pos + negs).mean()


def grad(v, u, neg):
    N = v.shape[0]
    s_pos = (u * v).sum(dim=-1)
    s_neg = torch.einsum("nkd,nd->nk", neg, v)
    dpair = torch.ones_like(s_pos)  # <- wrong
    g_pos = dpair * (torch.sigmoid(s_pos) - 1)
    g_neg = dpair[:, None] * torch.sigmoid(s_neg)
    dv = g_pos[:, None] * u + torch.einsum("nk,nkd->nd", g_neg, neg)
    du = g_pos[:, None] * v
    dneg = g_neg[:, :, None] * v[:, None, :]
    return dv, du, dneg


def grad_fixed(v, u, neg):
    N = v.shape[0]
    s_pos = (u * v).sum(dim=-1)
    s_neg = torch.einsum("nkd,nd->nk", neg, v)
    dpair = torch.full_like(s_pos, 1.0 / N)
    g_pos = dpair * (torch.sigmoid(s_pos) - 1)
    g_neg = dpair[:, None] * torch.sigmoid(s_neg)
    dv = g_pos[:, None] * u + torch.einsum("nk,nkd->nd", g_neg, neg)
    du = g_pos[:, None] * v
    dneg = g_neg[:, :, None] * v[:, None, :]
    return dv, du, dneg


SPEC = dict(wrt=("v", "u", "neg"), shapes={"v": (4, 3), "u": (4, 3), "neg": (4, 2, 3)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_word2vec_01")
CAUSE = "batch-mean"
FIX = "Each pair's loss enters the mean with weight 1/N, so the upstream gradient of a pair is 1/N, not 1."
