"""Context-word vectors of word2vec CBOW in gensim's pure-Python trainer (gensim/models/word2vec.py).

Source: https://github.com/piskvorky/gensim/issues/242 ("Word2Vec Cbow: Minor error in sgd update"):
    model.syn0[word2_indices] += neu1e
with numpy fancy indexing, a word that occurs twice in the window (`the dog and the cat`) gets
the update once, not twice; later versions accumulate per occurrence
(`for i in word2_indices: model.syn0[i] += neu1e`). Written here as the gradient of the summed
context l1 = sum_k syn0[idx_k] (cbow_mean=0) under L = neu1e . l1; the window has 6 words drawn
from 4, so some word always repeats.
syn0 (4, 3), word2_indices (6,) in 0..3, neu1e (3,).
"""

import numpy as np

from verify import derivation


def loss(syn0, word2_indices, neu1e):
    l1 = syn0[word2_indices.long()].sum(dim=0)
    return (neu1e * l1).sum()


def grad(syn0, word2_indices, neu1e):
    dsyn0 = np.zeros_like(syn0)
    idx = np.asarray(word2_indices).astype(int)
    dsyn0[idx] += neu1e  # <- wrong
    return dsyn0


def grad_fixed(syn0, word2_indices, neu1e):
    dsyn0 = np.zeros_like(syn0)
    idx = np.asarray(word2_indices).astype(int)
    np.add.at(dsyn0, idx, neu1e)
    return dsyn0


SPEC = dict(wrt="syn0", shapes={"syn0": (4, 3), "word2_indices": (6,), "neu1e": (3,)},
            draws={"word2_indices": ("labels", 4)})
case = derivation(loss, grad, **SPEC, name="r_embed_09")
CAUSE = "missing-term"
FIX = "Accumulate one neu1e per occurrence of a word (np.add.at or a loop), since fancy-index += applies a repeated index once."
