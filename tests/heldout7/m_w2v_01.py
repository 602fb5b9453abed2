"""Skip-gram with negative sampling, torch: v = V_in[c], u_j = V_out[j] for the true context o
and K negatives, L = 1/B sum_b [-log sigma(u_o . v) - sum_k log sigma(-u_k . v)];
V_in (V, E), V_out (V, E), c (B,), o (B,), neg (B, K) word ids with V = 11, E = 4, B = 6, K = 3.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(V_in, V_out, c, o, neg):
    v = V_in[c]
    s_pos = (V_out[o] * v).sum(-1)
    s_neg = (V_out[neg] * v[:, None, :]).sum(-1)
    return -(F.logsigmoid(s_pos) + F.logsigmoid(-s_neg).sum(-1)).mean()


def grad(V_in, V_out, c, o, neg):
    B = c.shape[0]
    ids = torch.cat([o[:, None], neg], dim=1)
    v = V_in[c]
    U = V_out[ids]
    s = (U * v[:, None, :]).sum(-1)
    target = torch.zeros_like(s)
    target[:, 0] = 1.0
    g = torch.sigmoid(s) - target  # <- wrong
    dv = (g[..., None] * U).sum(1)
    dU = g[..., None] * v[:, None, :]
    dV_in = torch.zeros_like(V_in).index_add_(0, c, dv)
    dV_out = torch.zeros_like(V_out).index_add_(0, ids.reshape(-1), dU.reshape(-1, U.shape[-1]))
    return dV_in, dV_out


def grad_fixed(V_in, V_out, c, o, neg):
    B = c.shape[0]
    ids = torch.cat([o[:, None], neg], dim=1)
    v = V_in[c]
    U = V_out[ids]
    s = (U * v[:, None, :]).sum(-1)
    target = torch.zeros_like(s)
    target[:, 0] = 1.0
    g = (torch.sigmoid(s) - target) / B
    dv = (g[..., None] * U).sum(1)
    dU = g[..., None] * v[:, None, :]
    dV_in = torch.zeros_like(V_in).index_add_(0, c, dv)
    dV_out = torch.zeros_like(V_out).index_add_(0, ids.reshape(-1), dU.reshape(-1, U.shape[-1]))
    return dV_in, dV_out


SPEC = dict(wrt=("V_in", "V_out"),
            shapes={"V_in": (11, 4), "V_out": (11, 4), "c": (6,), "o": (6,), "neg": (6, 3)},
            draws={"c": ("labels", 11), "o": ("labels", 11), "neg": ("labels", 11)}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_w2v_01")
CAUSE = "batch-mean"
FIX = "The loss averages over the B pairs, so g = (sigmoid(s) - target) / B."
