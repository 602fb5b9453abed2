"""A bag-of-words encoder, torch: tokens T (N, L, V) one-hot, rows of E (V, D) looked up
and averaged over the L tokens of each sequence, out = mean_l E[t_nl], L = sum(G * out);
N = 3 sequences of L = 5 tokens, vocabulary V = 7, D = 4.
"""

import torch

from verify import derivation


def loss(T, E, G):
    return (G * (T @ E).mean(1)).sum()


def grad(T, E, G):
    n_seq, seq_len = T.shape[0], T.shape[1]
    ids = T.argmax(-1)
    dE = torch.zeros_like(E)
    drow = G / n_seq  # <- wrong
    for pos in range(seq_len):
        dE.index_add_(0, ids[:, pos], drow)
    return dE


def grad_fixed(T, E, G):
    n_seq, seq_len = T.shape[0], T.shape[1]
    ids = T.argmax(-1)
    dE = torch.zeros_like(E)
    drow = G / seq_len
    for pos in range(seq_len):
        dE.index_add_(0, ids[:, pos], drow)
    return dE


SPEC = dict(wrt="E", shapes={"T": ("N", "L", "V"), "E": ("V", "D"), "G": ("N", "D")},
            draws={"T": "onehot"}, sizes={"N": 3, "L": 5, "V": 7, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_embed_01")
CAUSE = "wrong-divisor"
FIX = "Each sequence averages its L tokens, so every looked-up row receives G / L."
