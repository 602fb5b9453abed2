"""Matrix calculus as people work it out on paper and then type it in.

``log det(B B^T + lam I)`` through ``np.linalg.solve``; ``log |det M|`` of a batch of random
square matrices (some nearly singular), ``dM = M^-T``; ``tr(A^-1 B)`` with torch's ``inv``;
a quadratic form ``x^T A x + b^T x`` with a non-symmetric ``A`` in nested Python lists; a
Gaussian parameterised by the Cholesky factor of its precision and one parameterised by the
Cholesky factor of its covariance (``MultivariateNormal(scale_tril=...)``), each with an
exponentiated diagonal; a Frobenius norm that is not squared; ``X = solve(A, B)`` with
``dB = A^-T dout`` and ``dA = -dB X^T``; a style loss on Gram matrices; pairwise distances
through ``|x|^2 + |y|^2 - 2 x.y`` with ``clamp_min`` keeping ``sqrt`` off zero; a cosine
similarity matrix; a Cholesky log-determinant as a ``torch.autograd.Function``; and the
negative log marginal likelihood of a 1-d Gaussian process on 40 points with the usual
jitter of 1e-6 (a kernel matrix with a condition number near 1e10), its gradient through
``np.linalg.inv``.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation, function_derivation

# --- log det(B B^T + lam I) ------------------------------------------------------------------

LAM_SPD = 0.5


def logdet_spd_loss(B):
    A = B @ B.T + LAM_SPD * torch.eye(B.shape[0], dtype=B.dtype, device=B.device)
    return torch.logdet(A)


def logdet_spd_grad(B):
    A = B @ B.T + LAM_SPD * np.eye(B.shape[0])
    # d log det A = tr(A^-1 dA), dA = dB B^T + B dB^T  ->  dB = 2 A^-1 B  (A symmetric)
    return 2.0 * np.linalg.solve(A, B)


logdet_spd = derivation(logdet_spd_loss, logdet_spd_grad, wrt="B", shapes={"B": (4, 3)})


# --- log |det M| of a batch of random matrices -------------------------------------------------


def slogdet_loss(M, w):
    return (w * torch.linalg.slogdet(M).logabsdet).sum()


def slogdet_grad(M, w):
    Minv_T = np.linalg.inv(M).transpose(0, 2, 1)
    dw = np.log(np.abs(np.linalg.det(M)))
    return w[:, None, None] * Minv_T, dw


slogdet_batch = derivation(slogdet_loss, slogdet_grad, wrt=("M", "w"),
                           shapes={"M": ("K", 4, 4), "w": ("K",)}, sizes={"K": 3})


# --- tr(A^-1 B) --------------------------------------------------------------------------------


def trace_inv_loss(A, B):
    return torch.trace(torch.linalg.solve(A, B))


def trace_inv_grad(A, B):
    Ainv = torch.linalg.inv(A)
    dB = Ainv.T
    dA = -(Ainv @ B @ Ainv).T
    return dA, dB


trace_inv_product = derivation(trace_inv_loss, trace_inv_grad, wrt=("A", "B"),
                               shapes={"A": (3, 3), "B": (3, 3)})


# --- x^T A x + b^T x in nested lists ----------------------------------------------------------


def quad_form_loss(x, A, b):
    return x @ A @ x + b @ x


def quad_form_grad(x, A, b):
    xs, rows = x.tolist(), A.tolist()
    n = len(xs)
    dx = [0.0] * n
    for i in range(n):
        for j in range(n):
            dx[i] += (rows[i][j] + rows[j][i]) * xs[j]  # (A + A^T) x
        dx[i] += b[i].item()
    dA = [[xs[i] * xs[j] for j in range(n)] for i in range(n)]
    return dx, dA


quadratic_form_lists = derivation(quad_form_loss, quad_form_grad, wrt=("x", "A"),
                                  shapes={"x": (4,), "A": (4, 4), "b": (4,)})


# --- Gaussian with a Cholesky factor of the precision ----------------------------------------


def precision_nll_loss(X, mu, M, s):
    L = torch.tril(M, -1) + torch.diag(torch.exp(s))
    D = X - mu
    return 0.5 * ((D @ L) ** 2).sum() - X.shape[0] * s.sum()


def precision_nll_grad(X, mu, M, s):
    n = X.shape[0]
    L = np.tril(M, -1) + np.diag(np.exp(s))
    D = X - mu
    S = D.T @ D                      # scatter matrix
    dL = S @ L                        # d/dL 1/2 tr(L^T S L)
    dmu = -(L @ L.T) @ D.sum(axis=0)
    dM = np.tril(dL, -1)
    ds = np.diag(dL) * np.exp(s) - n
    return dmu, dM, ds


precision_cholesky_nll = derivation(
    precision_nll_loss, precision_nll_grad, wrt=("mu", "M", "s"),
    shapes={"X": ("N", "D"), "mu": ("D",), "M": ("D", "D"), "s": ("D",)},
    draws={"s": ("normal", 0.3)}, sizes={"N": 6, "D": 3})


# --- Gaussian with a Cholesky factor of the covariance ---------------------------------------


def mvn_nll_loss(X, mu, M, s):
    L = torch.tril(M, -1) + torch.diag(torch.exp(s))
    mvn = torch.distributions.MultivariateNormal(mu, scale_tril=L)
    return -mvn.log_prob(X).sum()


def mvn_nll_grad(X, mu, M, s):
    n = X.shape[0]
    L = torch.tril(M, -1) + torch.diag(torch.exp(s))
    D = (X - mu).T                                            # (d, n)
    Z = torch.linalg.solve_triangular(L, D, upper=False)      # L^-1 D
    W = torch.linalg.solve_triangular(L.T, Z, upper=True)     # L^-T L^-1 D = Sigma^-1 D
    dL = -W @ Z.T + n * torch.diag(1.0 / torch.diagonal(L))   # -L^-T Z Z^T + n L^-T (diag)
    dmu = -W.sum(dim=1)
    dM = torch.tril(dL, -1)
    ds = torch.diagonal(dL) * torch.exp(s)
    return dmu, dM, ds


mvn_cholesky_nll = derivation(
    mvn_nll_loss, mvn_nll_grad, wrt=("mu", "M", "s"),
    shapes={"X": ("N", "D"), "mu": ("D",), "M": ("D", "D"), "s": ("D",)},
    draws={"s": ("normal", 0.3)}, sizes={"N": 5, "D": 3})


# --- a Frobenius norm, not squared -------------------------------------------------------------

FRO_LAM = 0.1


def frobenius_loss(W, X, Y):
    return torch.linalg.norm(W @ X - Y) + FRO_LAM * torch.linalg.norm(W)


def frobenius_grad(W, X, Y):
    R = W @ X - Y
    return R @ X.T / np.linalg.norm(R) + FRO_LAM * W / np.linalg.norm(W)


frobenius_norm = derivation(frobenius_loss, frobenius_grad, wrt="W",
                            shapes={"W": (3, 4), "X": (4, 5), "Y": (3, 5)})


# --- X = solve(A, B) ---------------------------------------------------------------------------


def solve_loss(A, B, dout):
    return (dout * torch.linalg.solve(A, B)).sum()


def solve_grad(A, B, dout):
    X = np.linalg.solve(A, B)
    dB = np.linalg.solve(A.T, dout)
    dA = -dB @ X.T
    return dA, dB


linear_solve = derivation(solve_loss, solve_grad, wrt=("A", "B"),
                          shapes={"A": (4, 4), "B": (4, 2), "dout": (4, 2)})


# --- style loss on Gram matrices --------------------------------------------------------------


def gram_loss(feats, target_gram):
    C, HW = feats.shape
    G = feats @ feats.T / (C * HW)
    return ((G - target_gram) ** 2).sum()


def gram_grad(feats, target_gram):
    C, HW = feats.shape
    G = feats @ feats.T / (C * HW)
    dG = 2.0 * (G - target_gram)
    return (dG + dG.T) @ feats / (C * HW)


gram_style = derivation(gram_loss, gram_grad, wrt="feats",
                        shapes={"feats": (3, 8), "target_gram": (3, 3)},
                        draws={"target_gram": ("normal", 0.3)})


# --- pairwise distances by the expansion, clamp_min before sqrt -------------------------------

DIST_EPS = 1e-12


def pdist_loss(X, dout):
    sq = (X * X).sum(1)
    d2 = sq[:, None] + sq[None, :] - 2.0 * X @ X.T
    return (dout * d2.clamp_min(DIST_EPS).sqrt()).sum()


def pdist_grad(X, dout):
    sq = (X * X).sum(1)
    d2 = sq[:, None] + sq[None, :] - 2.0 * X @ X.T
    dist = d2.clamp_min(DIST_EPS).sqrt()
    g = torch.where(d2 > DIST_EPS, dout / (2.0 * dist), torch.zeros_like(dist))  # d/d(d2)
    g = g + g.T                        # d2 is symmetric in (i, j)
    # d d2_ij / d x_i = 2 (x_i - x_j)
    return 2.0 * (g.sum(1, keepdim=True) * X - g @ X)


pairwise_expansion = derivation(pdist_loss, pdist_grad, wrt="X",
                                shapes={"X": (5, 3), "dout": (5, 5)})


# --- cosine similarity matrix ---------------------------------------------------------------


def cosine_matrix_loss(x, y, dout):
    S = F.cosine_similarity(x[:, None, :], y[None, :, :], dim=-1)
    return (dout * S).sum()


def cosine_matrix_grad(x, y, dout):
    nx = np.linalg.norm(x, axis=1, keepdims=True)
    ny = np.linalg.norm(y, axis=1, keepdims=True)
    xh, yh = x / nx, y / ny
    dxh = dout @ yh
    dyh = dout.T @ xh
    dx = (dxh - xh * np.sum(dxh * xh, axis=1, keepdims=True)) / nx
    dy = (dyh - yh * np.sum(dyh * yh, axis=1, keepdims=True)) / ny
    return dx, dy


cosine_matrix = derivation(cosine_matrix_loss, cosine_matrix_grad, wrt=("x", "y"),
                           shapes={"x": (4, 5), "y": (3, 5), "dout": (4, 3)})


# --- a Cholesky log-determinant as a Function ------------------------------------------------


class CholeskyLogDet(torch.autograd.Function):
    """log det(B B^T + I) through a Cholesky factor."""

    @staticmethod
    def forward(ctx, B):
        A = B @ B.mT + torch.eye(B.shape[-2], dtype=B.dtype, device=B.device)
        L = torch.linalg.cholesky(A)
        ctx.save_for_backward(B, L)
        return 2.0 * torch.log(torch.diagonal(L, dim1=-2, dim2=-1)).sum(-1)

    @staticmethod
    def backward(ctx, grad_output):
        B, L = ctx.saved_tensors
        AinvB = torch.cholesky_solve(B, L)
        return 2.0 * grad_output[..., None, None] * AinvB


def _logdet_reference(B):
    return torch.logdet(B @ B.mT + torch.eye(B.shape[-2], dtype=B.dtype, device=B.device))


cholesky_logdet = function_derivation(CholeskyLogDet, _logdet_reference,
                                      shapes={"B": (2, 4, 3)})



# --- a Gaussian process on 40 points with a jitter of 1e-6 ------------------------------------

GP_JITTER = 1e-6


def gp_jitter_loss(X, y, log_ell):
    n = X.shape[0]
    K = torch.exp(-0.5 * (X[:, None] - X[None, :]) ** 2 / torch.exp(2 * log_ell))
    K = K + GP_JITTER * torch.eye(n, dtype=X.dtype, device=X.device)
    L = torch.linalg.cholesky(K)
    alpha = torch.cholesky_solve(y[:, None], L)[:, 0]
    return 0.5 * y @ alpha + torch.log(torch.diagonal(L)).sum()


def gp_jitter_grad(X, y, log_ell):
    n = X.shape[0]
    ell2 = np.exp(2 * log_ell)
    D = X[:, None] - X[None, :]
    Kse = np.exp(-0.5 * D ** 2 / ell2)
    Kinv = np.linalg.inv(Kse + GP_JITTER * np.eye(n))
    a = Kinv @ y
    G = 0.5 * (Kinv - np.outer(a, a))              # d NLL / d K
    dlog_ell = np.sum(G * Kse * D ** 2 / ell2)
    A = G * Kse
    dX = -2.0 / ell2 * (A * D).sum(axis=1)      # sum_k A_ik (x_i - x_k): no cancellation
    return dX, dlog_ell


gp_small_jitter = derivation(gp_jitter_loss, gp_jitter_grad, wrt=("X", "log_ell"),
                             shapes={"X": ("N",), "y": ("N",), "log_ell": ()},
                             draws={"log_ell": ("normal", 0.3)}, sizes={"N": 40})
