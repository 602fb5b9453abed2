"""Cross-attention from a query sequence to a memory, with an output projection, torch:
Q = X Wq, K = M Wk, V = M Wv, A = softmax(Q K^T / sqrt(E)), out = (A V) Wo, L = 1/2 ||out - Y||^2;
X (Tq, D), M (Tk, D), Wq/Wk (D, E), Wv (D, F), Wo (F, D), Y (Tq, D) with Tq = 5, Tk = 7, D = 4, E = 3, F = 2.
"""

import torch

from verify import derivation


def loss(X, M, Wq, Wk, Wv, Wo, Y):
    Q, K, V = X @ Wq, M @ Wk, M @ Wv
    A = torch.softmax(Q @ K.T / Q.shape[1] ** 0.5, dim=1)
    return 0.5 * (((A @ V) @ Wo - Y) ** 2).sum()


def grad(X, M, Wq, Wk, Wv, Wo, Y):
    Q, K, V = X @ Wq, M @ Wk, M @ Wv
    c = Q.shape[1] ** -0.5
    S = Q @ K.T * c
    A = torch.softmax(S, dim=1)
    O = A @ V
    dout = O @ Wo - Y
    dWo = O.T @ dout
    dO = dout @ Wo.T
    dV = S.T @ dO  # <- wrong
    dA = dO @ V.T
    dS = A * (dA - (A * dA).sum(dim=1, keepdim=True))
    dQ = c * dS @ K
    dK = c * dS.T @ Q
    return X.T @ dQ, M.T @ dK, M.T @ dV, dWo


def grad_fixed(X, M, Wq, Wk, Wv, Wo, Y):
    Q, K, V = X @ Wq, M @ Wk, M @ Wv
    c = Q.shape[1] ** -0.5
    S = Q @ K.T * c
    A = torch.softmax(S, dim=1)
    O = A @ V
    dout = O @ Wo - Y
    dWo = O.T @ dout
    dO = dout @ Wo.T
    dV = A.T @ dO
    dA = dO @ V.T
    dS = A * (dA - (A * dA).sum(dim=1, keepdim=True))
    dQ = c * dS @ K
    dK = c * dS.T @ Q
    return X.T @ dQ, M.T @ dK, M.T @ dV, dWo


SPEC = dict(wrt=("Wq", "Wk", "Wv", "Wo"),
            shapes={"X": ("Tq", "D"), "M": ("Tk", "D"), "Wq": ("D", "E"), "Wk": ("D", "E"),
                    "Wv": ("D", "F"), "Wo": ("F", "D"), "Y": ("Tq", "D")},
            draws={}, sizes={"Tq": 5, "Tk": 7, "D": 4, "E": 3, "F": 2})
case = derivation(loss, grad, **SPEC, name="m_attn_02")
CAUSE = "wrong-operand"
FIX = "O = A V multiplies V by the attention weights after the softmax, so dV = A^T dO, not S^T dO."
