"""karpathy/nn-zero-to-hero issue #57 (https://github.com/karpathy/nn-zero-to-hero/issues/57),
makemore lecture 4 (backprop ninja), dC: the loop dC[Xb[k]] += demb[k] adds through advanced
indexing, so when a row of Xb repeats a character only the last copy is accumulated ("PyTorch only
adds the last corresponding row"); the accepted answer loops over j as well. The inner loop is
written here as the one-line equivalent index_add_.
emb = C[Xb]; C (5, 2), Xb (4, 3) ids in 0..4, demb (4, 3, 2), L = sum(demb * emb).
"""

import torch

from verify import derivation


def loss(C, Xb, demb):
    return (demb * C[Xb.long()]).sum()


def grad(C, Xb, demb):
    Xb = Xb.long()
    dC = torch.zeros_like(C)
    for k in range(Xb.shape[0]):
        dC[Xb[k]] += demb[k]  # <- wrong
    return dC


def grad_fixed(C, Xb, demb):
    Xb = Xb.long()
    dC = torch.zeros_like(C)
    for k in range(Xb.shape[0]):
        dC.index_add_(0, Xb[k], demb[k])
    return dC


SPEC = dict(wrt="C", shapes={"C": (5, 2), "Xb": (4, 3), "demb": (4, 3, 2)}, draws={"Xb": ("labels", 5)})
case = derivation(loss, grad, **SPEC, name="q_embedding_13")
CAUSE = "missing-term"
FIX = "A character used twice in one context needs both rows of demb added; dC[Xb[k]] += keeps only the last, index_add_ accumulates all."
