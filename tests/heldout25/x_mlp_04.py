"""Two-layer sigmoid network on one example, half squared error, loops over units:
O_j = sigma(sum_i O_i W_ij), O_k = sigma(sum_j O_j W_jk), E = 1/2 sum_k (O_k - t_k)^2;
O_i (3,), W_ij (3, 4), W_jk (4, 2), t (2,).
"""

import math

import torch

from verify import derivation


def loss(O_i, W_ij, W_jk, t):
    O_j = torch.sigmoid(O_i @ W_ij)
    O_k = torch.sigmoid(O_j @ W_jk)
    return 0.5 * ((O_k - t) ** 2).sum()


def sig(v):
    return 1.0 / (1.0 + math.exp(-v))


def grad(O_i, W_ij, W_jk, t):
    xi, Wij, Wjk, tk = O_i.tolist(), W_ij.tolist(), W_jk.tolist(), t.tolist()
    I, J, K = len(xi), len(Wjk), len(tk)
    O_j = [sig(sum(xi[i] * Wij[i][j] for i in range(I))) for j in range(J)]
    O_k = [sig(sum(O_j[j] * Wjk[j][k] for j in range(J))) for k in range(K)]
    delta_k = [O_k[k] - tk[k] for k in range(K)]  # <- wrong
    delta_j = [O_j[j] * (1 - O_j[j]) * sum(delta_k[k] * Wjk[j][k] for k in range(K)) for j in range(J)]
    dW_jk = [[O_j[j] * delta_k[k] for k in range(K)] for j in range(J)]
    dW_ij = [[xi[i] * delta_j[j] for j in range(J)] for i in range(I)]
    return dW_ij, dW_jk


def grad_fixed(O_i, W_ij, W_jk, t):
    xi, Wij, Wjk, tk = O_i.tolist(), W_ij.tolist(), W_jk.tolist(), t.tolist()
    I, J, K = len(xi), len(Wjk), len(tk)
    O_j = [sig(sum(xi[i] * Wij[i][j] for i in range(I))) for j in range(J)]
    O_k = [sig(sum(O_j[j] * Wjk[j][k] for j in range(J))) for k in range(K)]
    delta_k = [(O_k[k] - tk[k]) * O_k[k] * (1 - O_k[k]) for k in range(K)]
    delta_j = [O_j[j] * (1 - O_j[j]) * sum(delta_k[k] * Wjk[j][k] for k in range(K)) for j in range(J)]
    dW_jk = [[O_j[j] * delta_k[k] for k in range(K)] for j in range(J)]
    dW_ij = [[xi[i] * delta_j[j] for j in range(J)] for i in range(I)]
    return dW_ij, dW_jk


SPEC = dict(wrt=("W_ij", "W_jk"), shapes={"O_i": (3,), "W_ij": (3, 4), "W_jk": (4, 2), "t": (2,)},
            draws={"t": "uniform"}, sizes={})
case = derivation(loss, grad, **SPEC, name="x_mlp_04")
CAUSE = "activation-derivative-missing"
FIX = "The output units are sigmoids too, so delta_k = (O_k - t_k) O_k (1 - O_k)."
