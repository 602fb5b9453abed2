"""Embedding lookup followed by a linear map, pure Python loops over token positions.

h = E[ids], out = h W, L = sum(G * out); E (5, 3) (vocabulary 5), W (3, 2), ids (4,) token
ids in 0..4, G (4, 2).  Gradients with respect to E and W.
Mistake: the gradient of position pos is added to row dE[pos] (the loop counter) instead
of dE[tok], the row that was looked up.
"""

from verify import derivation


def loss(E, W, ids, G):
    return (G * (E[ids] @ W)).sum()


def grad(E, W, ids, G):
    V, D = len(E), len(E[0])
    K = len(W[0])
    dE = [[0.0] * D for _ in range(V)]
    dW = [[0.0] * K for _ in range(D)]
    for pos, tok in enumerate(ids):
        row = E[tok]
        for d in range(D):
            for k in range(K):
                dW[d][k] += row[d] * G[pos][k]
                dE[pos][d] += W[d][k] * G[pos][k]  # <- wrong
    return dE, dW


def grad_fixed(E, W, ids, G):
    V, D = len(E), len(E[0])
    K = len(W[0])
    dE = [[0.0] * D for _ in range(V)]
    dW = [[0.0] * K for _ in range(D)]
    for pos, tok in enumerate(ids):
        row = E[tok]
        for d in range(D):
            for k in range(K):
                dW[d][k] += row[d] * G[pos][k]
                dE[tok][d] += W[d][k] * G[pos][k]
    return dE, dW


SPEC = dict(wrt=("E", "W"), shapes={"E": (5, 3), "W": (3, 2), "ids": (4,), "G": (4, 2)},
            draws={"ids": ("labels", 5)})
case = derivation(loss, grad, **SPEC, name="t_embed_42")
CAUSE = "wrong-operand"
FIX = "Position pos read row ids[pos] of E, so its gradient goes into dE[tok], not dE[pos]."
