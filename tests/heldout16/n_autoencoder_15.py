"""A linear autoencoder with a bottleneck, reconstruction scored by mse_loss, pure Python:
H = X A, R = H B, L = mse_loss(R, X) = 1/(N D) sum (R - X)^2;
X (N, D), A (D, K), B (K, D); N = 4, D = 5, K = 2.
"""

import torch.nn.functional as F

from verify import derivation


def loss(X, A, B):
    return F.mse_loss(X @ A @ B, X)


def grad(X, A, B):
    X, A, B = X.tolist(), A.tolist(), B.tolist()
    n, d, k = len(X), len(A), len(B)
    H = [[sum(X[i][p] * A[p][j] for p in range(d)) for j in range(k)] for i in range(n)]
    R = [[sum(H[i][j] * B[j][q] for j in range(k)) for q in range(d)] for i in range(n)]
    dR = [[(R[i][q] - X[i][q]) / (n * d) for q in range(d)] for i in range(n)]  # <- wrong
    dB = [[sum(H[i][j] * dR[i][q] for i in range(n)) for q in range(d)] for j in range(k)]
    dH = [[sum(dR[i][q] * B[j][q] for q in range(d)) for j in range(k)] for i in range(n)]
    dA = [[sum(X[i][p] * dH[i][j] for i in range(n)) for j in range(k)] for p in range(d)]
    return dA, dB


def grad_fixed(X, A, B):
    X, A, B = X.tolist(), A.tolist(), B.tolist()
    n, d, k = len(X), len(A), len(B)
    H = [[sum(X[i][p] * A[p][j] for p in range(d)) for j in range(k)] for i in range(n)]
    R = [[sum(H[i][j] * B[j][q] for j in range(k)) for q in range(d)] for i in range(n)]
    dR = [[2 * (R[i][q] - X[i][q]) / (n * d) for q in range(d)] for i in range(n)]
    dB = [[sum(H[i][j] * dR[i][q] for i in range(n)) for q in range(d)] for j in range(k)]
    dH = [[sum(dR[i][q] * B[j][q] for q in range(d)) for j in range(k)] for i in range(n)]
    dA = [[sum(X[i][p] * dH[i][j] for i in range(n)) for j in range(k)] for p in range(d)]
    return dA, dB


SPEC = dict(wrt=("A", "B"), shapes={"X": ("N", "D"), "A": ("D", "K"), "B": ("K", "D")},
            sizes={"N": 4, "D": 5, "K": 2})
case = derivation(loss, grad, **SPEC, name="n_autoencoder_15")
CAUSE = "mse-convention"
FIX = "mse_loss has no 1/2 in front of the square, so dR = 2 (R - X) / (N D)."
