"""Blocks of recent architectures with hand-written backward passes.

RMSNorm as a ``torch.autograd.Function`` (``eps`` a plain float, the reciprocal RMS saved);
group norm over (N, C, H, W) in numpy with a cache and a loop over groups; a SwiGLU
feed-forward block; rotary position embeddings in the rotate-half layout, whose backward
rotates by the opposite angle; multi-head causal self-attention in numpy with projections,
one head at a time, the mask added as -1e9; a causal depthwise convolution written as
shifted copies (Mamba's short conv); 1-d max pooling with overlapping windows, where an
element that wins two windows collects both gradients (``np.add.at``); token plus position
embeddings whose backward is ``np.add.at`` with repeated tokens and a padding row that
gets no gradient; a bivariate mixture density network with diagonal covariances; a VAE
ELBO with an encoder and decoder and the reparameterisation noise as an input; GeGLU
(tanh GELU gate) as a ``torch.autograd.Function``; the softplus layer of a NeuS/VolSDF
signed-distance network (``nn.Softplus(beta=100)``) with its derivative
``sigmoid(beta z)``; and an instance norm over time written with array methods and
positional axes only (``x.var(-1)``: numpy's biased variance).
"""

import math

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation, function_derivation

# --- RMSNorm as a Function -------------------------------------------------------------------


class RMSNormFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, weight, eps):
        rrms = torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps)
        xhat = x * rrms
        ctx.save_for_backward(xhat, weight, rrms)
        return xhat * weight

    @staticmethod
    def backward(ctx, grad_out):
        xhat, weight, rrms = ctx.saved_tensors
        g = grad_out * weight
        d = xhat.shape[-1]
        grad_x = rrms * (g - xhat * (g * xhat).sum(-1, keepdim=True) / d)
        grad_w = (grad_out * xhat).reshape(-1, d).sum(0)
        return grad_x, grad_w, None


rmsnorm_function = function_derivation(
    RMSNormFunction,
    lambda x, weight, eps: F.rms_norm(x, (x.shape[-1],), weight, eps),
    shapes={"x": (2, 3, 8), "weight": (8,)}, draws={"eps": 1e-6})


# --- group norm over (N, C, H, W), numpy, a loop over groups ---------------------------------

GN_GROUPS, GN_EPS = 2, 1e-5


class GroupNorm2d:
    def __init__(self, groups, eps):
        self.groups, self.eps = groups, eps
        self.cache = None

    def forward(self, x, gamma, beta):
        N, C = x.shape[:2]
        G = self.groups
        xhat = np.zeros(x.shape)
        rstd = np.zeros((N, G))
        for g in range(G):
            sl = slice(g * C // G, (g + 1) * C // G)
            xs = x[:, sl]
            mu = xs.mean(axis=(1, 2, 3), keepdims=True)
            var = ((xs - mu) ** 2).mean(axis=(1, 2, 3), keepdims=True)
            r = 1.0 / np.sqrt(var + self.eps)
            xhat[:, sl] = (xs - mu) * r
            rstd[:, g] = r[:, 0, 0, 0]
        self.cache = (xhat, rstd, gamma)
        return xhat * gamma[None, :, None, None] + beta[None, :, None, None]

    def backward(self, dout):
        xhat, rstd, gamma = self.cache
        _, C, H, W = xhat.shape
        G = self.groups
        dgamma = (dout * xhat).sum(axis=(0, 2, 3))
        dbeta = dout.sum(axis=(0, 2, 3))
        dxhat = dout * gamma[None, :, None, None]
        dx = np.zeros(xhat.shape)
        m = C // G * H * W
        for g in range(G):
            sl = slice(g * C // G, (g + 1) * C // G)
            dh, xh = dxhat[:, sl], xhat[:, sl]
            s1 = dh.sum(axis=(1, 2, 3), keepdims=True)
            s2 = (dh * xh).sum(axis=(1, 2, 3), keepdims=True)
            dx[:, sl] = rstd[:, g, None, None, None] / m * (m * dh - s1 - xh * s2)
        return dx, dgamma, dbeta


def groupnorm2d_loss(x, gamma, beta, dout):
    return (dout * F.group_norm(x, GN_GROUPS, gamma, beta, eps=GN_EPS)).sum()


def groupnorm2d_grad(x, gamma, beta, dout):
    layer = GroupNorm2d(GN_GROUPS, GN_EPS)
    layer.forward(x, gamma, beta)
    return layer.backward(dout)


groupnorm2d = derivation(groupnorm2d_loss, groupnorm2d_grad, wrt=("x", "gamma", "beta"),
                         shapes={"x": (2, 4, 3, 3), "gamma": (4,), "beta": (4,),
                                 "dout": (2, 4, 3, 3)})


# --- SwiGLU feed-forward -------------------------------------------------------------------


def swiglu_loss(x, W1, W3, W2, dout):
    return (dout * ((F.silu(x @ W1) * (x @ W3)) @ W2)).sum()


def swiglu_grad(x, W1, W3, W2, dout):
    a = x @ W1
    b = x @ W3
    sig = 1.0 / (1.0 + np.exp(-a))
    silu = a * sig
    h = silu * b
    dW2 = h.T @ dout
    dh = dout @ W2.T
    db = dh * silu
    dsilu = dh * b
    da = dsilu * sig * (1.0 + a * (1.0 - sig))  # silu'(a) = sig (1 + a (1 - sig))
    dW1 = x.T @ da
    dW3 = x.T @ db
    dx = da @ W1.T + db @ W3.T
    return dx, dW1, dW3, dW2


swiglu = derivation(swiglu_loss, swiglu_grad, wrt=("x", "W1", "W3", "W2"),
                    shapes={"x": ("N", "D"), "W1": ("D", "H"), "W3": ("D", "H"),
                            "W2": ("H", "D"), "dout": ("N", "D")},
                    sizes={"N": 3, "D": 4, "H": 6})


# --- rotary position embeddings, rotate-half layout ------------------------------------------

ROPE_BASE = 10000.0


def _rope_angles(T, D, dtype, device):
    inv_freq = 1.0 / ROPE_BASE ** (torch.arange(0, D, 2, dtype=dtype, device=device) / D)
    t = torch.arange(T, dtype=dtype, device=device)
    freqs = torch.outer(t, inv_freq)
    emb = torch.cat([freqs, freqs], dim=-1)
    return emb.cos(), emb.sin()


def _rotate_half(x):
    x1, x2 = x[..., : x.shape[-1] // 2], x[..., x.shape[-1] // 2:]
    return torch.cat([-x2, x1], dim=-1)


def rope_loss(q, dout):
    T, _, D = q.shape
    cos, sin = _rope_angles(T, D, q.dtype, q.device)
    out = q * cos[:, None, :] + _rotate_half(q) * sin[:, None, :]
    return (dout * out).sum()


def rope_grad(q, dout):
    T, _, D = q.shape
    cos, sin = _rope_angles(T, D, q.dtype, q.device)
    # out = R q with R a rotation per pair (i, i + D/2): dq = R^T dout = rotation by -theta
    return dout * cos[:, None, :] - _rotate_half(dout * sin[:, None, :])


rotary_embedding = derivation(rope_loss, rope_grad, wrt="q",
                              shapes={"q": ("T", "H", "D"), "dout": ("T", "H", "D")},
                              sizes={"T": 5, "H": 2, "D": 8})


# --- multi-head causal self-attention, numpy, one head at a time -----------------------------

N_HEADS = 2


def mha_loss(x, Wq, Wk, Wv, Wo, dout):
    T, C = x.shape
    hd = C // N_HEADS
    q = (x @ Wq).reshape(T, N_HEADS, hd).transpose(0, 1)
    k = (x @ Wk).reshape(T, N_HEADS, hd).transpose(0, 1)
    v = (x @ Wv).reshape(T, N_HEADS, hd).transpose(0, 1)
    y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
    return (dout * (y.transpose(0, 1).reshape(T, C) @ Wo)).sum()


def mha_grad(x, Wq, Wk, Wv, Wo, dout):
    T, C = x.shape
    hd = C // N_HEADS
    scale = 1.0 / math.sqrt(hd)
    q, k, v = x @ Wq, x @ Wk, x @ Wv
    mask = np.triu(np.ones((T, T)), 1) * -1e9
    y = np.zeros((T, C))
    probs = []
    for h in range(N_HEADS):
        sl = slice(h * hd, (h + 1) * hd)
        s = q[:, sl] @ k[:, sl].T * scale + mask
        s = s - s.max(axis=1, keepdims=True)
        p = np.exp(s)
        p = p / p.sum(axis=1, keepdims=True)
        probs.append(p)
        y[:, sl] = p @ v[:, sl]
    dWo = y.T @ dout
    dy = dout @ Wo.T
    dq, dk, dv = np.zeros((T, C)), np.zeros((T, C)), np.zeros((T, C))
    for h in range(N_HEADS):
        sl = slice(h * hd, (h + 1) * hd)
        p = probs[h]
        dv[:, sl] = p.T @ dy[:, sl]
        dp = dy[:, sl] @ v[:, sl].T
        ds = p * (dp - (dp * p).sum(axis=1, keepdims=True)) * scale
        dq[:, sl] = ds @ k[:, sl]
        dk[:, sl] = ds.T @ q[:, sl]
    dWq, dWk, dWv = x.T @ dq, x.T @ dk, x.T @ dv
    dx = dq @ Wq.T + dk @ Wk.T + dv @ Wv.T
    return dx, dWq, dWk, dWv, dWo


mha_causal = derivation(mha_loss, mha_grad, wrt=("x", "Wq", "Wk", "Wv", "Wo"),
                        shapes={"x": ("T", "C"), "Wq": ("C", "C"), "Wk": ("C", "C"),
                                "Wv": ("C", "C"), "Wo": ("C", "C"), "dout": ("T", "C")},
                        draws={n: ("normal", 0.5) for n in ("Wq", "Wk", "Wv", "Wo")},
                        sizes={"T": 5, "C": 4})


# --- causal depthwise convolution as shifted copies -----------------------------------------


def causal_dwconv_loss(x, w, b, dout):
    C, K = w.shape
    y = F.conv1d(F.pad(x, (K - 1, 0)), w[:, None, :], b, groups=C)
    return (dout * F.silu(y)).sum()


def causal_dwconv_grad(x, w, b, dout):
    # y[n, c, t] = b[c] + sum_j w[c, j] x[n, c, t - (K - 1) + j]
    N, C, L = x.shape
    K = w.shape[1]
    y = np.broadcast_to(b[None, :, None], (N, C, L)).copy()
    for j in range(K):
        shift = K - 1 - j
        y[:, :, shift:] += w[None, :, j, None] * x[:, :, :L - shift]
    sig = 1.0 / (1.0 + np.exp(-y))
    dy = dout * sig * (1.0 + y * (1.0 - sig))
    dx = np.zeros_like(x)
    dw = np.zeros_like(w)
    for j in range(K):
        shift = K - 1 - j
        dx[:, :, :L - shift] += w[None, :, j, None] * dy[:, :, shift:]
        dw[:, j] = (dy[:, :, shift:] * x[:, :, :L - shift]).sum(axis=(0, 2))
    db = dy.sum(axis=(0, 2))
    return dx, dw, db


causal_depthwise_conv = derivation(
    causal_dwconv_loss, causal_dwconv_grad, wrt=("x", "w", "b"),
    shapes={"x": ("N", "C", "L"), "w": ("C", "K"), "b": ("C",), "dout": ("N", "C", "L")},
    sizes={"N": 2, "C": 3, "L": 7, "K": 4})


# --- 1-d max pooling, overlapping windows --------------------------------------------------

POOL_K, POOL_S = 3, 1


def maxpool_overlap_loss(x, dout):
    return (dout * F.max_pool1d(x, POOL_K, POOL_S)).sum()


def maxpool_overlap_grad(x, dout):
    N, C, L = x.shape
    out_len = (L - POOL_K) // POOL_S + 1
    dx = np.zeros(x.shape)
    for i in range(out_len):
        window = x[:, :, i * POOL_S:i * POOL_S + POOL_K]
        arg = window.argmax(axis=-1) + i * POOL_S      # first maximum, as torch picks
        n_idx, c_idx = np.meshgrid(np.arange(N), np.arange(C), indexing="ij")
        np.add.at(dx, (n_idx, c_idx, arg), dout[:, :, i])
    return dx


maxpool_overlapping = derivation(maxpool_overlap_loss, maxpool_overlap_grad, wrt="x",
                                 shapes={"x": (2, 3, 8), "dout": (2, 3, 6)})


# --- token and position embeddings, repeated tokens, a padding row ---------------------------

PAD_ID = 0


def tok_pos_loss(tok_emb, pos_emb, W, tokens, dout):
    T = tokens.shape[1]
    h = F.embedding(tokens, tok_emb, padding_idx=PAD_ID) + pos_emb[:T]
    return (dout * torch.tanh(h @ W)).sum()


def tok_pos_grad(tok_emb, pos_emb, W, tokens, dout):
    T = tokens.shape[1]
    h = tok_emb[tokens] + pos_emb[None, :T]
    a = np.tanh(h @ W)
    dz = dout * (1.0 - a ** 2)
    dW = h.reshape(-1, h.shape[-1]).T @ dz.reshape(-1, dz.shape[-1])
    dh = dz @ W.T
    dtok = np.zeros(tok_emb.shape)
    np.add.at(dtok, tokens, dh)          # repeated tokens add up
    dtok[PAD_ID] = 0.0                    # the padding row is never trained
    dpos = np.zeros(pos_emb.shape)
    dpos[:T] = dh.sum(axis=0)
    return dtok, dpos, dW


token_position_embedding = derivation(
    tok_pos_loss, tok_pos_grad, wrt=("tok_emb", "pos_emb", "W"),
    shapes={"tok_emb": ("V", "E"), "pos_emb": (8, "E"), "W": ("E", 3),
            "tokens": ("B", "T"), "dout": ("B", "T", 3)},
    draws={"tokens": ("labels", "V")}, sizes={"V": 5, "E": 4, "B": 3, "T": 6})


# --- bivariate mixture density network, diagonal covariances ---------------------------------


def mdn2_loss(logits, mu, log_sigma, y):
    # logits (N, M), mu and log_sigma (N, M, 2), y (N, 2)
    log_pi = torch.log_softmax(logits, dim=1)
    z = (y[:, None, :] - mu) / torch.exp(log_sigma)
    log_n = (-0.5 * z ** 2 - log_sigma).sum(-1) - math.log(2 * math.pi)
    return -torch.logsumexp(log_pi + log_n, dim=1).sum()


def mdn2_grad(logits, mu, log_sigma, y):
    N, M = logits.shape
    grads_logits = np.zeros((N, M))
    grads_mu = np.zeros(mu.shape)
    grads_ls = np.zeros(log_sigma.shape)
    for n in range(N):
        l = logits[n] - logits[n].max()
        pi = np.exp(l) / np.exp(l).sum()
        sigma = np.exp(log_sigma[n])
        z = (y[n] - mu[n]) / sigma
        log_n = (-0.5 * z ** 2 - log_sigma[n]).sum(axis=-1) - math.log(2 * math.pi)
        a = np.log(pi) + log_n
        gamma = np.exp(a - a.max())
        gamma /= gamma.sum()
        grads_logits[n] = pi - gamma
        grads_mu[n] = -gamma[:, None] * z / sigma
        grads_ls[n] = gamma[:, None] * (1.0 - z ** 2)
    return grads_logits, grads_mu, grads_ls


mdn_bivariate = derivation(
    mdn2_loss, mdn2_grad, wrt=("logits", "mu", "log_sigma"),
    shapes={"logits": ("N", "M"), "mu": ("N", "M", 2), "log_sigma": ("N", "M", 2),
            "y": ("N", 2)},
    draws={"log_sigma": ("normal", 0.3)}, sizes={"N": 4, "M": 3})


# --- VAE ELBO: encoder, reparameterisation, Gaussian decoder ---------------------------------


def elbo_loss(x, We, Wmu, Wlv, Wd, eps):
    h = torch.tanh(x @ We)
    mu, logvar = h @ Wmu, h @ Wlv
    z = mu + torch.exp(0.5 * logvar) * eps
    x_hat = z @ Wd
    rec = 0.5 * ((x - x_hat) ** 2).sum()
    kl = 0.5 * (mu ** 2 + logvar.exp() - 1.0 - logvar).sum()
    return (rec + kl) / x.shape[0]


def elbo_grad(x, We, Wmu, Wlv, Wd, eps):
    B = x.shape[0]
    h = np.tanh(x @ We)
    mu, logvar = h @ Wmu, h @ Wlv
    std = np.exp(0.5 * logvar)
    z = mu + std * eps
    x_hat = z @ Wd
    dxhat = (x_hat - x) / B
    dWd = z.T @ dxhat
    dz = dxhat @ Wd.T
    dmu = dz + mu / B
    dlogvar = dz * eps * 0.5 * std + 0.5 * (np.exp(logvar) - 1.0) / B
    dWmu = h.T @ dmu
    dWlv = h.T @ dlogvar
    dh = dmu @ Wmu.T + dlogvar @ Wlv.T
    dWe = x.T @ (dh * (1.0 - h ** 2))
    return dWe, dWmu, dWlv, dWd


vae_elbo = derivation(
    elbo_loss, elbo_grad, wrt=("We", "Wmu", "Wlv", "Wd"),
    shapes={"x": ("B", "D"), "We": ("D", "H"), "Wmu": ("H", "Z"), "Wlv": ("H", "Z"),
            "Wd": ("Z", "D"), "eps": ("B", "Z")},
    draws={"Wlv": ("normal", 0.3)}, sizes={"B": 4, "D": 6, "H": 5, "Z": 2})


# --- GeGLU as a Function --------------------------------------------------------------------

_C = math.sqrt(2.0 / math.pi)


class GeGLU(torch.autograd.Function):
    """out = gelu_tanh(a) * b, with x = [a, b] split on the last axis."""

    @staticmethod
    def forward(ctx, x):
        a, b = x.chunk(2, dim=-1)
        u = _C * (a + 0.044715 * a ** 3)
        t = torch.tanh(u)
        gelu = 0.5 * a * (1.0 + t)
        ctx.save_for_backward(a, b, t, gelu)
        return gelu * b

    @staticmethod
    def backward(ctx, grad_out):
        a, b, t, gelu = ctx.saved_tensors
        dgelu = 0.5 * (1.0 + t) + 0.5 * a * (1.0 - t * t) * _C * (1.0 + 3 * 0.044715 * a * a)
        return torch.cat([grad_out * b * dgelu, grad_out * gelu], dim=-1)


def _geglu_reference(x):
    a, b = x.chunk(2, dim=-1)
    return F.gelu(a, approximate="tanh") * b


geglu = function_derivation(GeGLU, _geglu_reference, shapes={"x": (3, 4, 10)})


# --- the softplus layer of an SDF network, beta = 100 ---------------------------------------

SDF_BETA = 100.0


def sdf_softplus_loss(x, W, b, dout):
    return (dout * F.softplus(x @ W + b, beta=SDF_BETA)).sum()


def sdf_softplus_grad(x, W, b, dout):
    z = x @ W + b
    s = 0.5 * (1.0 + np.tanh(0.5 * SDF_BETA * z))   # sigmoid(beta z), no overflow
    dz = dout * s
    return x.T @ dz, dz.sum(axis=0)


sdf_softplus_beta = derivation(
    sdf_softplus_loss, sdf_softplus_grad, wrt=("W", "b"),
    shapes={"x": ("N", "D"), "W": ("D", "H"), "b": ("H",), "dout": ("N", "H")},
    sizes={"N": 8, "D": 3, "H": 16})


# --- instance norm over time, array methods and positional axes ------------------------------

IN_EPS = 1e-5


def instance_norm_loss(x, dout):
    return (dout * F.instance_norm(x, eps=IN_EPS)).sum()


def instance_norm_grad(x, dout):
    L = x.shape[-1]
    mu = x.mean(-1)[..., None]
    var = x.var(-1)[..., None]
    inv = (var + IN_EPS) ** -0.5
    xhat = (x - mu) * inv
    return inv / L * (L * dout - dout.sum(-1)[..., None] - xhat * (dout * xhat).sum(-1)[..., None])


instance_norm_positional = derivation(instance_norm_loss, instance_norm_grad, wrt="x",
                                      shapes={"x": ("N", "C", "L"), "dout": ("N", "C", "L")},
                                      sizes={"N": 2, "C": 3, "L": 7})
