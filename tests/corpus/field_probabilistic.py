"""Kernels and probabilistic models, gradients by hand.

An RBF kernel with a learned log length-scale, pairwise Euclidean distances (torch.cdist),
the negative log marginal likelihood of a tiny Gaussian process (Cholesky in the loss, the
trace formula 1/2 tr((K^-1 - a a^T) dK) in the gradient), a mixture density network's
negative log-likelihood through responsibilities, Gumbel-softmax with its uniform noise
given as an input, torch's Gaussian NLL with a variance head, and a small VAE step with
the reparameterisation noise given as an input.
"""

import math

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation

# --- RBF kernel -----------------------------------------------------------------------------


def rbf_loss(x, z, log_ell, dout):
    sq = ((x[:, None, :] - z[None, :, :]) ** 2).sum(-1)
    K = torch.exp(-0.5 * sq / torch.exp(2 * log_ell))
    return (dout * K).sum()


def rbf_grad(x, z, log_ell, dout):
    ell2 = np.exp(2 * log_ell)
    diff = x[:, None, :] - z[None, :, :]            # (N, M, D)
    sq = np.sum(diff ** 2, axis=-1)
    K = np.exp(-0.5 * sq / ell2)
    w = dout * K / ell2                              # (N, M)
    dx = -np.einsum("nm,nmd->nd", w, diff)
    dz = np.einsum("nm,nmd->md", w, diff)
    dlog_ell = np.sum(dout * K * sq / ell2)
    return dx, dz, dlog_ell


rbf_kernel = derivation(rbf_loss, rbf_grad, wrt=("x", "z", "log_ell"),
                        shapes={"x": ("N", "D"), "z": ("M", "D"), "log_ell": (),
                                "dout": ("N", "M")},
                        draws={"log_ell": ("normal", 0.3)}, sizes={"N": 4, "M": 3, "D": 2})


# --- pairwise distances ---------------------------------------------------------------------


def cdist_loss(x, z, dout):
    return (dout * torch.cdist(x, z)).sum()


def cdist_grad(x, z, dout):
    diff = x.unsqueeze(1) - z.unsqueeze(0)
    dist = diff.pow(2).sum(-1).sqrt()
    coef = (dout / dist).unsqueeze(-1)
    return (coef * diff).sum(1), -(coef * diff).sum(0)


pairwise_distance = derivation(cdist_loss, cdist_grad, wrt=("x", "z"),
                               shapes={"x": (5, 3), "z": (5, 3), "dout": (5, 5)})


# --- Gaussian process negative log marginal likelihood --------------------------------------


def gp_loss(X, y, log_ell, log_sf, log_sn):
    n = X.shape[0]
    sq = ((X[:, None, :] - X[None, :, :]) ** 2).sum(-1)
    K = torch.exp(2 * log_sf) * torch.exp(-0.5 * sq / torch.exp(2 * log_ell))
    K = K + torch.exp(2 * log_sn) * torch.eye(n, dtype=X.dtype)
    L = torch.linalg.cholesky(K)
    alpha = torch.cholesky_solve(y[:, None], L)[:, 0]
    return 0.5 * y @ alpha + torch.log(torch.diagonal(L)).sum() + 0.5 * n * math.log(2 * math.pi)


def gp_grad(X, y, log_ell, log_sf, log_sn):
    with torch.no_grad():
        n = X.shape[0]
        ell2 = torch.exp(2 * log_ell)
        diff = X[:, None, :] - X[None, :, :]
        sq = (diff ** 2).sum(-1)
        Kse = torch.exp(2 * log_sf) * torch.exp(-0.5 * sq / ell2)
        K = Kse + torch.exp(2 * log_sn) * torch.eye(n, dtype=X.dtype)
        Kinv = torch.linalg.inv(K)
        alpha = Kinv @ y
        G = 0.5 * (Kinv - torch.outer(alpha, alpha))  # d NLL / d K
        d_log_ell = (G * Kse * sq / ell2).sum()
        d_log_sf = (G * 2 * Kse).sum()
        d_log_sn = torch.trace(G) * 2 * torch.exp(2 * log_sn)
        A = G * Kse
        # K[i, j] depends on X[i] and X[j]; G is symmetric, so both count the same
        dX = -2.0 / ell2 * (A.sum(1, keepdim=True) * X - A @ X)
    return dX, d_log_ell, d_log_sf, d_log_sn


gp_marginal_likelihood = derivation(
    gp_loss, gp_grad, wrt=("X", "log_ell", "log_sf", "log_sn"),
    shapes={"X": ("N", 2), "y": ("N",), "log_ell": (), "log_sf": (), "log_sn": ()},
    draws={"log_ell": ("normal", 0.3), "log_sf": ("normal", 0.3),
           "log_sn": ("fixed", -1.0)},
    sizes={"N": 4})


# --- mixture density network ---------------------------------------------------------------


def mdn_loss(logits, mu, log_sigma, y):
    log_pi = F.log_softmax(logits, dim=1)
    comp = torch.distributions.Normal(mu, log_sigma.exp()).log_prob(y[:, None])
    return -torch.logsumexp(log_pi + comp, dim=1).mean()


def mdn_grad(logits, mu, log_sigma, y):
    n = logits.shape[0]
    log_pi = logits - logits.logsumexp(dim=1, keepdim=True)
    sigma = log_sigma.exp()
    z = (y[:, None] - mu) / sigma
    log_comp = -0.5 * z ** 2 - log_sigma - 0.5 * math.log(2 * math.pi)
    gamma = torch.softmax(log_pi + log_comp, dim=1)      # responsibilities
    d_logits = (log_pi.exp() - gamma) / n
    d_mu = -gamma * z / sigma / n
    d_log_sigma = -gamma * (z ** 2 - 1) / n
    return d_logits, d_mu, d_log_sigma


mixture_density = derivation(
    mdn_loss, mdn_grad, wrt=("logits", "mu", "log_sigma"),
    shapes={"logits": ("N", "M"), "mu": ("N", "M"), "log_sigma": ("N", "M"), "y": ("N",)},
    draws={"log_sigma": ("normal", 0.4)}, sizes={"N": 5, "M": 3})


# --- Gumbel-softmax with given noise ----------------------------------------------------------

TAU = 0.5


def gumbel_loss(logits, u, dout):
    g = -torch.log(-torch.log(u))
    y = torch.softmax((logits + g) / TAU, dim=-1)
    return (dout * y).sum()


def gumbel_grad(logits, u, dout):
    g = -np.log(-np.log(u))
    a = (logits + g) / TAU
    a -= a.max(axis=-1, keepdims=True)
    y = np.exp(a)
    y /= y.sum(axis=-1, keepdims=True)
    return y * (dout - np.sum(dout * y, axis=-1, keepdims=True)) / TAU


gumbel_softmax = derivation(gumbel_loss, gumbel_grad, wrt="logits",
                            shapes={"logits": (1, 6), "u": (1, 6), "dout": (1, 6)},
                            draws={"u": ("uniform", 0.05, 0.95)})


# --- Gaussian NLL with a variance head ----------------------------------------------------


def gaussian_nll_loss(mu, var, target):
    return F.gaussian_nll_loss(mu, target, var)


def gaussian_nll_grad(mu, var, target):
    n = mu.numel()
    r = mu - target
    return r / var / n, 0.5 * (1 / var - r ** 2 / var ** 2) / n


gaussian_nll = derivation(gaussian_nll_loss, gaussian_nll_grad, wrt=("mu", "var"),
                          shapes={"mu": (6, 2), "var": (6, 2), "target": (6, 2)},
                          draws={"var": ("positive", 1.0, 0.2)})


# --- VAE step with given noise ----------------------------------------------------------------


def vae_loss(x, mu, logvar, eps, W):
    z = mu + torch.exp(0.5 * logvar) * eps
    x_hat = torch.sigmoid(z @ W)
    bce = F.binary_cross_entropy(x_hat, x, reduction="sum")
    kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return bce + kld


def vae_grad(x, mu, logvar, eps, W):
    std = np.exp(0.5 * logvar)
    z = mu + std * eps
    x_hat = 1.0 / (1.0 + np.exp(-(z @ W)))
    da = x_hat - x                     # BCE through the sigmoid
    dW = z.T @ da
    dz = da @ W.T
    dmu = dz + mu
    dlogvar = dz * eps * 0.5 * std + 0.5 * (np.exp(logvar) - 1.0)
    return dmu, dlogvar, dW


vae_step = derivation(vae_loss, vae_grad, wrt=("mu", "logvar", "W"),
                      shapes={"x": ("B", 6), "mu": ("B", 2), "logvar": ("B", 2),
                              "eps": ("B", 2), "W": (2, 6)},
                      draws={"x": "uniform", "logvar": ("normal", 0.5)}, sizes={"B": 3})
