"""A CBOW word model: averaged context embeddings scored against every word, torch:
h = mean_c E[ctx_c], s = h W, L = cross_entropy(s, target);
E (V, D), W (D, V), ctx (3,) word ids, target (1,) word id.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(E, W, ctx, target):
    h = E[ctx].mean(0)
    s = h @ W
    return F.cross_entropy(s[None], target)


def grad(E, W, ctx, target):
    C = ctx.shape[0]
    h = E[ctx].mean(0)
    s = h @ W
    p = torch.softmax(s, dim=0)
    ds = p.clone()
    ds[target] -= 1
    dW = torch.outer(h, ds)
    dh = W @ ds
    dE = torch.zeros_like(E)
    dE.index_add_(0, ctx, dh.expand(C, -1) / C)
    return dW, dE  # <- wrong


def grad_fixed(E, W, ctx, target):
    C = ctx.shape[0]
    h = E[ctx].mean(0)
    s = h @ W
    p = torch.softmax(s, dim=0)
    ds = p.clone()
    ds[target] -= 1
    dW = torch.outer(h, ds)
    dh = W @ ds
    dE = torch.zeros_like(E)
    dE.index_add_(0, ctx, dh.expand(C, -1) / C)
    return dE, dW


SPEC = dict(wrt=("E", "W"),
            shapes={"E": ("V", "D"), "W": ("D", "V"), "ctx": (3,), "target": (1,)},
            draws={"ctx": ("labels", 4), "target": ("labels", 4)}, sizes={"V": 4, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_embedding_01")
CAUSE = "return-order"
FIX = "Return the gradients in the order of wrt: dE, then dW."
