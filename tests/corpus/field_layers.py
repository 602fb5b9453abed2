"""Layers from recent architectures, each with a backward written by hand.

RMSNorm with a dataclass of parameters, GroupNorm, a residual branch scaled by LayerScale,
weight normalisation (w = g v / ||v||), one step of spectral normalisation whose power
iteration vectors are constants (as torch's spectral_norm computes them under no_grad),
depthwise and transposed 1-d convolutions written as loops, a bilinear layer through
einsum, and maxout. Every layer's output is reduced with a random upstream gradient dout.
"""

from dataclasses import asdict, dataclass

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation

# --- RMSNorm ---------------------------------------------------------------------------------

RMS_EPS = 1e-6


@dataclass
class RMSNormParams:
    weight: np.ndarray


@dataclass
class RMSNormGrads:
    x: np.ndarray
    weight: np.ndarray


def rmsnorm_loss(x, weight, dout):
    rms = torch.sqrt(x.pow(2).mean(-1, keepdim=True) + RMS_EPS)
    return (dout * (x / rms * weight)).sum()


def rmsnorm_forward(params, x):
    ms = np.mean(x * x, axis=-1, keepdims=True)
    inv = 1.0 / np.sqrt(ms + RMS_EPS)
    return x * inv * params.weight, (x, inv)


def rmsnorm_backward(params, cache, dout):
    x, inv = cache
    d = x.shape[-1]
    dweight = np.sum(dout * x * inv, axis=0)
    g = dout * params.weight
    # d(x inv)/dx = inv I - inv^3 x x^T / d
    dx = g * inv - x * inv ** 3 * np.sum(g * x, axis=-1, keepdims=True) / d
    return RMSNormGrads(x=dx, weight=dweight)


def rmsnorm_grad(x, weight, dout):
    params = RMSNormParams(weight=weight)
    _, cache = rmsnorm_forward(params, x)
    return asdict(rmsnorm_backward(params, cache, dout))


rmsnorm = derivation(rmsnorm_loss, rmsnorm_grad, wrt=("x", "weight"),
                     shapes={"x": ("N", "D"), "weight": ("D",), "dout": ("N", "D")},
                     sizes={"N": 4, "D": 8})


# --- GroupNorm -------------------------------------------------------------------------------

GROUPS = 2
GN_EPS = 1e-5


def groupnorm_loss(x, gamma, beta, dout):
    return (dout * F.group_norm(x, GROUPS, gamma, beta, eps=GN_EPS)).sum()


def groupnorm_grad(x, gamma, beta, dout):
    N, C, L = x.shape
    xg = x.reshape(N, GROUPS, C // GROUPS * L)
    mean = xg.mean(dim=-1, keepdim=True)
    var = xg.var(dim=-1, unbiased=False, keepdim=True)
    rstd = torch.rsqrt(var + GN_EPS)
    xhat = ((xg - mean) * rstd).reshape(N, C, L)

    dgamma = (dout * xhat).sum(dim=(0, 2))
    dbeta = dout.sum(dim=(0, 2))
    dxhat = (dout * gamma[None, :, None]).reshape(N, GROUPS, -1)
    xhat_g = xhat.reshape(N, GROUPS, -1)
    dx = rstd * (dxhat - dxhat.mean(-1, keepdim=True)
                 - xhat_g * (dxhat * xhat_g).mean(-1, keepdim=True))
    return dx.reshape(N, C, L), dgamma, dbeta


groupnorm = derivation(groupnorm_loss, groupnorm_grad, wrt=("x", "gamma", "beta"),
                       shapes={"x": (3, 4, 5), "gamma": (4,), "beta": (4,), "dout": (3, 4, 5)})


# --- LayerScale residual branch --------------------------------------------------------------


def layerscale_loss(x, W, gamma, dout):
    return (dout * (x + gamma * torch.tanh(x @ W))).sum()


def layerscale_grad(x, W, gamma, dout):
    h = np.tanh(x @ W)
    dgamma = (dout * h).sum(axis=0)
    dz = dout * gamma * (1.0 - h ** 2)
    dW = x.T @ dz
    dx = dout + dz @ W.T  # the skip path plus the branch
    return {"gamma": dgamma, "W": dW, "x": dx}


layerscale = derivation(layerscale_loss, layerscale_grad, wrt=("x", "W", "gamma"),
                        shapes={"x": ("N", "D"), "W": ("D", "D"), "gamma": ("D",),
                                "dout": ("N", "D")},
                        draws={"gamma": ("normal", 0.1)}, sizes={"N": 1, "D": 6})


# --- weight normalisation --------------------------------------------------------------------


def weight_norm_loss(x, g, v, dout):
    w = g[:, None] * v / v.norm(dim=1, keepdim=True)
    return (dout * (x @ w.T)).sum()


def weight_norm_grad(x, g, v, dout):
    norm = np.linalg.norm(v, axis=1, keepdims=True)
    v_hat = v / norm
    dw = dout.T @ x
    dg = np.einsum("oi,oi->o", dw, v_hat)
    dv = g[:, None] / norm * (dw - dg[:, None] * v_hat)
    return dg, dv


weight_norm = derivation(weight_norm_loss, weight_norm_grad, wrt=("g", "v"),
                         shapes={"x": ("N", "I"), "g": ("O",), "v": ("O", "I"),
                                 "dout": ("N", "O")},
                         sizes={"N": 5, "I": 4, "O": 3})


# --- spectral normalisation, one power-iteration step ----------------------------------------


def _power_step(W, u):
    v = W.T @ u
    v = v / v.norm()
    u = W @ v
    u = u / u.norm()
    return u, v


def spectral_norm_loss(x, W, u0, dout):
    with torch.no_grad():
        u, v = _power_step(W, u0)
    sigma = u @ W @ v
    return (dout * (x @ (W / sigma).T)).sum()


def spectral_norm_grad(x, W, u0, dout):
    with torch.no_grad():
        u, v = _power_step(W, u0)
        sigma = u @ W @ v
        d_w_sn = dout.T @ x
        # W_sn = W / sigma with d sigma / d W = u v^T (u, v held fixed)
        dW = d_w_sn / sigma - (d_w_sn * W).sum() / sigma ** 2 * torch.outer(u, v)
    return dW


spectral_norm_step = derivation(spectral_norm_loss, spectral_norm_grad, wrt="W",
                                shapes={"x": (2, 5), "W": (4, 5), "u0": (4,), "dout": (2, 4)})


# --- depthwise conv1d -------------------------------------------------------------------------

PAD = 1


def depthwise_loss(x, w, b, dout):
    out = F.conv1d(x, w, b, padding=PAD, groups=x.shape[1])
    return (dout * out).sum()


def depthwise_grad(x, w, b, dout):
    n_batch, channels, length = x.shape
    k = w.shape[-1]
    xp = np.pad(x, ((0, 0), (0, 0), (PAD, PAD)))
    dxp = np.zeros(xp.shape)
    dw = np.zeros(w.shape)
    db = np.zeros(b.shape)
    out_len = length + 2 * PAD - k + 1
    for n in range(n_batch):
        for c in range(channels):
            for t in range(out_len):
                g = dout[n, c, t]
                db[c] += g
                for j in range(k):
                    dw[c, 0, j] += g * xp[n, c, t + j]
                    dxp[n, c, t + j] += g * w[c, 0, j]
    return dxp[:, :, PAD:PAD + length], dw, db


depthwise_conv1d = derivation(depthwise_loss, depthwise_grad, wrt=("x", "w", "b"),
                              shapes={"x": (1, 3, 6), "w": (3, 1, 3), "b": (3,),
                                      "dout": (1, 3, 6)})


# --- transposed conv1d ------------------------------------------------------------------------

STRIDE = 2


def conv_transpose_loss(x, w, dout):
    return (dout * F.conv_transpose1d(x, w, stride=STRIDE)).sum()


def conv_transpose_grad(x, w, dout):
    # forward: out[n, o, i * stride + k] += x[n, c, i] * w[c, o, k]
    n_batch, c_in, length = x.shape
    _, c_out, k_size = w.shape
    dx = np.zeros_like(x)
    dw = np.zeros_like(w)
    for n in range(n_batch):
        for c in range(c_in):
            for i in range(length):
                for o in range(c_out):
                    for k in range(k_size):
                        pos = i * STRIDE + k
                        dx[n, c, i] += dout[n, o, pos] * w[c, o, k]
                        dw[c, o, k] += dout[n, o, pos] * x[n, c, i]
    return dx, dw


conv_transpose1d = derivation(conv_transpose_loss, conv_transpose_grad, wrt=("x", "w"),
                              shapes={"x": (1, 3, 4), "w": (3, 5, 2), "dout": (1, 5, 8)})


# --- bilinear -------------------------------------------------------------------------------


def bilinear_loss(x1, x2, W, b, dout):
    return (dout * F.bilinear(x1, x2, W, b)).sum()


def bilinear_grad(x1, x2, W, b, dout):
    # y[n, k] = sum_ij x1[n, i] W[k, i, j] x2[n, j] + b[k]
    dx1 = np.einsum("nk,kij,nj->ni", dout, W, x2, optimize=True)
    dx2 = np.einsum("nk,kij,ni->nj", dout, W, x1, optimize=True)
    dW = np.einsum("nk,ni,nj->kij", dout, x1, x2, optimize=True)
    db = dout.sum(0)
    return dx1, dx2, dW, db


bilinear = derivation(bilinear_loss, bilinear_grad, wrt=("x1", "x2", "W", "b"),
                      shapes={"x1": ("N", "I"), "x2": ("N", "J"), "W": ("K", "I", "J"),
                              "b": ("K",), "dout": ("N", "K")},
                      sizes={"N": 3, "I": 4, "J": 2, "K": 5})


# --- maxout ---------------------------------------------------------------------------------

PIECES = 3


def maxout_loss(x, W, b, dout):
    z = (x @ W + b).reshape(x.shape[0], -1, PIECES)
    return (dout * z.max(dim=-1).values).sum()


def maxout_grad(x, W, b, dout):
    n = x.shape[0]
    z = (x @ W + b).reshape(n, -1, PIECES)
    winner = z.argmax(axis=-1)
    dz = np.zeros_like(z)
    np.put_along_axis(dz, winner[..., None], dout[..., None], axis=-1)
    dz = dz.reshape(n, -1)
    return x.T @ dz, dz.sum(axis=0)


maxout = derivation(maxout_loss, maxout_grad, wrt=("W", "b"),
                    shapes={"x": (4, 3), "W": (3, 6), "b": (6,), "dout": (4, 2)})
