"""Gradients in the styles people write them outside textbooks.

A jax-like pure-function MLP (params in a dict, a grad function returning a dict of the
same keys), a smooth "soft round" quantiser as a custom autograd.Function (checked on its
own and used inside a loss), PPO's clipped surrogate with a clipped value loss (clamp in
the forward), logistic regression in plain Python with the math module and a generator,
scaled dot-product attention through np.einsum(optimize=True), and inverted dropout with a
float32 mask made from uniform noise given as an input.
"""

import math

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation, function_derivation

# --- jax-like pure functions ----------------------------------------------------------------


def _softplus(z):
    return np.logaddexp(0.0, z)


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def mlp_apply(params, x):
    h_pre = x @ params["w1"] + params["b1"]
    h = _softplus(h_pre)
    return h @ params["w2"] + params["b2"], {"x": x, "h_pre": h_pre, "h": h}


def mlp_vjp(params, residuals, g_out):
    x, h_pre, h = residuals["x"], residuals["h_pre"], residuals["h"]
    g_h = g_out @ params["w2"].T
    g_pre = g_h * _sigmoid(h_pre)
    return {"w1": x.T @ g_pre, "b1": g_pre.sum(0), "w2": h.T @ g_out, "b2": g_out.sum(0)}


def mlp_value_and_grad(params, batch):
    pred, res = mlp_apply(params, batch["x"])
    err = pred - batch["y"]
    value = np.mean(err ** 2)
    return value, mlp_vjp(params, res, 2.0 * err / err.size)


def jax_style_loss(w1, b1, w2, b2, x, y):
    pred = F.softplus(x @ w1 + b1) @ w2 + b2
    return F.mse_loss(pred, y)


def jax_style_grad(w1, b1, w2, b2, x, y):
    params = {"w1": w1, "b1": b1, "w2": w2, "b2": b2}
    _, grads = mlp_value_and_grad(params, {"x": x, "y": y})
    return grads


jax_style_mlp = derivation(
    jax_style_loss, jax_style_grad, wrt=("w1", "b1", "w2", "b2"),
    shapes={"w1": ("D", "H"), "b1": ("H",), "w2": ("H", "O"), "b2": ("O",),
            "x": ("B", "D"), "y": ("B", "O")},
    sizes={"B": 4, "D": 3, "H": 5, "O": 2})


# --- a smooth quantiser as an autograd.Function ---------------------------------------------

ALPHA = 0.9


def soft_round(x):
    return x - ALPHA * torch.sin(2 * math.pi * x) / (2 * math.pi)


class SoftRound(torch.autograd.Function):
    # a differentiable stand-in for round(): flat near the integers, steep between them

    @staticmethod
    def forward(x):
        return soft_round(x)

    @staticmethod
    def setup_context(ctx, inputs, output):
        (x,) = inputs
        ctx.save_for_backward(x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * (1 - ALPHA * torch.cos(2 * math.pi * x))


soft_round_function = function_derivation(SoftRound, soft_round, shapes={"x": (3, 4)},
                                          draws={"x": ("normal", 2.0)})


def quantised_linear_loss(x, w, dout):
    return (dout * (x @ SoftRound.apply(w * 4.0).T / 4.0)).sum()


def quantised_linear_grad(x, w, dout):
    dwq = dout.t() @ x / 4.0                       # d loss / d soft_round(4 w)
    return dwq * (1 - ALPHA * torch.cos(2 * math.pi * 4.0 * w)) * 4.0


quantised_linear = derivation(quantised_linear_loss, quantised_linear_grad, wrt="w",
                              shapes={"x": (2, 3), "w": (4, 3), "dout": (2, 4)})


# --- PPO: clipped surrogate and clipped value loss ------------------------------------------

CLIP = 0.2
VF_COEF = 0.5


def ppo_loss(logp, logp_old, adv, v, v_old, ret):
    ratio = torch.exp(logp - logp_old)
    surr1 = ratio * adv
    surr2 = torch.clamp(ratio, 1 - CLIP, 1 + CLIP) * adv
    policy = -torch.min(surr1, surr2).mean()
    v_clipped = v_old + torch.clamp(v - v_old, -CLIP, CLIP)
    value = 0.5 * torch.max((v - ret) ** 2, (v_clipped - ret) ** 2).mean()
    return policy + VF_COEF * value


def ppo_grad(logp, logp_old, adv, v, v_old, ret):
    n = logp.shape[0]
    ratio = np.exp(logp - logp_old)
    clipped_ratio = np.clip(ratio, 1 - CLIP, 1 + CLIP)
    # the unclipped term is the min unless clipping made the objective smaller
    use_unclipped = ratio * adv <= clipped_ratio * adv
    dlogp = np.where(use_unclipped, -adv * ratio, 0.0) / n

    delta = np.clip(v - v_old, -CLIP, CLIP)
    v_clipped = v_old + delta
    inside = np.abs(v - v_old) < CLIP
    unclipped_loss = (v - ret) ** 2
    clipped_loss = (v_clipped - ret) ** 2
    dv = np.where(unclipped_loss >= clipped_loss, v - ret,
                  np.where(inside, v_clipped - ret, 0.0))
    return dlogp, VF_COEF * dv / n


ppo_clipped = derivation(
    ppo_loss, ppo_grad, wrt=("logp", "v"),
    shapes={"logp": ("T",), "logp_old": ("T",), "adv": ("T",), "v": ("T",), "v_old": ("T",),
            "ret": ("T",)},
    draws={"logp": ("normal", 0.2), "logp_old": ("normal", 0.2), "v": ("normal", 0.3),
           "v_old": ("normal", 0.3)},
    sizes={"T": 16})


# --- logistic regression with the math module -------------------------------------------------


def logistic_loss(w, b, X, y):
    return F.binary_cross_entropy_with_logits(X @ w + b, y.to(X.dtype))


def logistic_grad(w, b, X, y):
    weights = w.tolist()
    bias = float(b)
    rows = X.tolist()
    labels = [int(v) for v in y.tolist()]

    def residuals():
        for xi, yi in zip(rows, labels, strict=True):
            z = sum(wj * xj for wj, xj in zip(weights, xi, strict=True)) + bias
            if z >= 0:
                p = 1.0 / (1.0 + math.exp(-z))
            else:
                e = math.exp(z)
                p = e / (1.0 + e)
            yield xi, p - yi

    dw = [0.0] * len(weights)
    db = 0.0
    for xi, r in residuals():
        for j, xj in enumerate(xi):
            dw[j] += r * xj / len(rows)
        db += r / len(rows)
    return dw, db


logistic_math = derivation(logistic_loss, logistic_grad, wrt=("w", "b"),
                           shapes={"w": (3,), "b": (), "X": (6, 3), "y": (6,)},
                           draws={"y": ("labels", 2)})


# --- attention with einsum ---------------------------------------------------------------------


def attention_loss(q, k, v, dout):
    scale = 1.0 / math.sqrt(q.shape[-1])
    p = torch.softmax(q @ k.transpose(-1, -2) * scale, dim=-1)
    return (dout * (p @ v)).sum()


def attention_grad(q, k, v, dout):
    scale = 1.0 / math.sqrt(q.shape[-1])
    s = np.einsum("bqd,bkd->bqk", q, k, optimize=True) * scale
    s = s - s.max(-1, keepdims=True)
    p = np.exp(s)
    p /= p.sum(-1, keepdims=True)
    dv = np.einsum("bqk,bqd->bkd", p, dout, optimize=True)
    dp = np.einsum("bqd,bkd->bqk", dout, v, optimize=True)
    ds = p * (dp - np.einsum("bqk,bqk->bq", dp, p, optimize=True)[..., None])
    dq = np.einsum("bqk,bkd->bqd", ds, k, optimize=True) * scale
    dk = np.einsum("bqk,bqd->bkd", ds, q, optimize=True) * scale
    return dq, dk, dv


attention = derivation(attention_loss, attention_grad, wrt=("q", "k", "v"),
                       shapes={"q": ("B", "Q", "D"), "k": ("B", "K", "D"),
                               "v": ("B", "K", "E"), "dout": ("B", "Q", "E")},
                       sizes={"B": 2, "Q": 3, "K": 4, "D": 4, "E": 2})


# --- inverted dropout with a float32 mask ----------------------------------------------------

P_DROP = 0.5


def dropout_loss(x, W, u, dout):
    keep = (u > P_DROP).to(x.dtype) / (1 - P_DROP)
    return (dout * (torch.relu(x @ W) * keep)).sum()


def dropout_grad(x, W, u, dout):
    mask = (u > P_DROP).astype(np.float32) / np.float32(1 - P_DROP)  # 0.0 or 2.0, exact
    a = x @ W
    da = dout * mask
    da[a <= 0] = 0
    return x.T @ da


dropout_relu = derivation(dropout_loss, dropout_grad, wrt="W",
                          shapes={"x": (5, 4), "W": (4, 3), "u": (5, 3), "dout": (5, 3)},
                          draws={"u": ("uniform", 0.0, 1.0)})


# --- clamp with learned bounds ---------------------------------------------------------------


def clamp_bounds_loss(x, lo, hi, y):
    return ((torch.clamp(x, min=lo, max=hi) - y) ** 2).sum()


def clamp_bounds_grad(x, lo, hi, y):
    c = np.minimum(np.maximum(x, lo), hi)
    r = 2.0 * (c - y)
    below, above = x < lo, x > hi
    dx = np.where(below | above, 0.0, r)
    dlo = np.where(below, r, 0.0)
    dhi = np.where(above, r, 0.0)
    return dx, dlo, dhi


clamp_learned_bounds = derivation(
    clamp_bounds_loss, clamp_bounds_grad, wrt=("x", "lo", "hi"),
    shapes={"x": (3, 4), "lo": (3, 4), "hi": (3, 4), "y": (3, 4)},
    draws={"lo": ("uniform", -1.0, -0.2), "hi": ("uniform", 0.2, 1.0)})


# --- temperature softmax that works on its argument in place --------------------------------


def temperature_ce_loss(logits, log_temp, t):
    return F.cross_entropy(logits / log_temp.exp(), t)


def temperature_ce_grad(logits, log_temp, t):
    n = logits.shape[0]
    temp = np.exp(log_temp)
    np.divide(logits, temp, out=logits)            # logits now hold z = logits / T
    z = logits
    p = z - z.max(axis=1, keepdims=True)
    np.exp(p, out=p)
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(n), t] -= 1.0
    dz = p / n
    dlogits = dz / temp
    dlog_temp = -np.sum(dz * z)                    # d z / d log T = -z
    return dlogits, dlog_temp


temperature_ce = derivation(
    temperature_ce_loss, temperature_ce_grad, wrt=("logits", "log_temp"),
    shapes={"logits": ("N", "C"), "log_temp": (), "t": ("N",)},
    draws={"t": ("labels", "C"), "log_temp": ("normal", 0.3)}, sizes={"N": 4, "C": 5})
