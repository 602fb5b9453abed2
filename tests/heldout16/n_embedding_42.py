"""An embedding table followed by a linear read-out, half squared error, pure Python:
e_n = E[tok_n], o_n = e_n W, L = 1/2 sum_n ||o_n - t_n||^2;
tok (4,) token ids in 0..5, E (6, 3), W (3, 2), t (4, 2).
"""

from verify import derivation


def loss(tok, E, W, t):
    return 0.5 * ((E[tok] @ W - t) ** 2).sum()


def grad(tok, E, W, t):
    tok, E, W, t = tok.tolist(), E.tolist(), W.tolist(), t.tolist()
    D, K = len(W), len(W[0])
    dE = [[0.0] * D for _ in E]
    dW = [[0.0] * K for _ in range(D)]
    for n, v in enumerate(tok):
        e = E[v]
        err = [sum(e[d] * W[d][k] for d in range(D)) - t[n][k] for k in range(K)]
        for d in range(D):
            for k in range(K):
                dW[d][k] += E[n][d] * err[k]  # <- wrong
            dE[v][d] += sum(err[k] * W[d][k] for k in range(K))
    return dE, dW


def grad_fixed(tok, E, W, t):
    tok, E, W, t = tok.tolist(), E.tolist(), W.tolist(), t.tolist()
    D, K = len(W), len(W[0])
    dE = [[0.0] * D for _ in E]
    dW = [[0.0] * K for _ in range(D)]
    for n, v in enumerate(tok):
        e = E[v]
        err = [sum(e[d] * W[d][k] for d in range(D)) - t[n][k] for k in range(K)]
        for d in range(D):
            for k in range(K):
                dW[d][k] += e[d] * err[k]
            dE[v][d] += sum(err[k] * W[d][k] for k in range(K))
    return dE, dW


SPEC = dict(wrt=("E", "W"), shapes={"tok": (4,), "E": (6, 3), "W": (3, 2), "t": (4, 2)},
            draws={"tok": ("labels", 6)})
case = derivation(loss, grad, **SPEC, name="n_embedding_42")
CAUSE = "wrong-operand"
FIX = "The read-out sees the looked-up vector e = E[tok[n]], so dW[d][k] += e[d] * err[k], not row n of the table."
