"""Numerically careful code: stable branches, kinks, clipping and huge dynamic ranges.

A smooth maximum ``log(e^a + e^b)`` of pairs in plain Python floats, with the branch on
``a > b`` and a stable sigmoid; a Poisson regression with a softplus link written with a
``z > 20`` branch and ``log1p``; the inverse softplus ``log(expm1(y))`` that GP libraries
use to keep a parameter positive, its derivative ``-1 / expm1(-y)``; an input clamped to
[-1, 1] whose gradient mask uses strict inequalities (another subgradient at the clip
edges); an L1 term and an elementwise maximum whose ties go to the first argument; the
reverse Huber (berHu) loss of depth estimation with its threshold ``c = max|r| / 5``
detached; epsilon-insensitive support vector regression with a per-sample ``if/elif``;
the modified Huber loss of a linear classifier; a Hodrick-Prescott smoother over a series
near 1000, whose second differences cancel almost every digit; the harmonic mean of
positive numbers down to 1e-3; log-sum-exp pooling at temperature 10; expectile
regression with plain floats; a log-sigmoid ``torch.autograd.Function`` with branches
on the sign; and the soft state value ``alpha log sum_a exp(Q / alpha)`` of soft Q-learning
at a low temperature, the loss written directly in float64 (``exp(Q / alpha)`` passes
float32's range, not float64's) and the policy gradient with the max subtracted.
"""

import math

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation, function_derivation

# --- smooth maximum of pairs, plain Python floats ------------------------------------------


def _logaddexp(a, b):
    if a > b:
        return a + math.log1p(math.exp(b - a))
    return b + math.log1p(math.exp(a - b))


def _sigmoid(t):
    if t >= 0:
        return 1.0 / (1.0 + math.exp(-t))
    e = math.exp(t)
    return e / (1.0 + e)


def smooth_max_loss(a, b, w):
    return (w * torch.logaddexp(a, b)).sum()


def smooth_max_grad(a, b, w):
    da, db, dw = [], [], []
    for ai, bi, wi in zip(a.tolist(), b.tolist(), w.tolist(), strict=True):
        p = _sigmoid(ai - bi)  # d/da log(e^a + e^b)
        da.append(wi * p)
        db.append(wi * (1.0 - p))
        dw.append(_logaddexp(ai, bi))
    return da, db, dw


smooth_max_pairs = derivation(
    smooth_max_loss, smooth_max_grad, wrt=("a", "b", "w"),
    shapes={"a": (6,), "b": (6,), "w": (6,)},
    draws={"a": ("normal", 4.0), "b": ("normal", 4.0)})


# --- Poisson regression with a softplus link ------------------------------------------------


def _softplus(z):
    out = np.empty_like(z)
    big = z > 20
    out[big] = z[big]
    out[~big] = np.log1p(np.exp(z[~big]))
    return out


def _expit(z):
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    e = np.exp(z[~pos])
    out[~pos] = e / (1.0 + e)
    return out


def softplus_poisson_loss(w, b, X, y):
    rate = F.softplus(X @ w + b)
    return (rate - y * torch.log(rate)).mean()


def softplus_poisson_grad(w, b, X, y):
    n = X.shape[0]
    z = X @ w + b
    rate = _softplus(z)
    dz = (1.0 - y / rate) * _expit(z) / n
    return X.T @ dz, dz.sum()


softplus_poisson = derivation(
    softplus_poisson_loss, softplus_poisson_grad, wrt=("w", "b"),
    shapes={"w": ("D",), "b": (), "X": ("N", "D"), "y": ("N",)},
    draws={"y": ("labels", 5), "w": ("normal", 0.5)}, sizes={"D": 3, "N": 8})


# --- inverse softplus of a positive parameter ---------------------------------------------


def inv_softplus_loss(y, dout):
    return (dout * torch.log(torch.expm1(y))).sum()


def inv_softplus_grad(y, dout):
    # d/dy log(e^y - 1) = e^y / (e^y - 1) = 1 / (1 - e^-y)
    return dout * (-1.0 / torch.expm1(-y))


inverse_softplus = derivation(
    inv_softplus_loss, inv_softplus_grad, wrt="y",
    shapes={"y": (3, 4), "dout": (3, 4)}, draws={"y": ("positive", 1.0, 0.05)})


# --- an input clamped to [-1, 1], strict mask ---------------------------------------------


def clamped_input_loss(x, W, dout):
    return (dout * torch.tanh(torch.clamp(x, -1.0, 1.0) @ W)).sum()


def clamped_input_grad(x, W, dout):
    xc = np.clip(x, -1.0, 1.0)
    h = np.tanh(xc @ W)
    dz = dout * (1.0 - h * h)
    dW = xc.T @ dz
    dxc = dz @ W.T
    inside = (x > -1.0) & (x < 1.0)  # at the clip edge itself: 0, a subgradient
    return dxc * inside, dW


clamped_input = derivation(
    clamped_input_loss, clamped_input_grad, wrt=("x", "W"),
    shapes={"x": ("N", "D"), "W": ("D", "K"), "dout": ("N", "K")},
    sizes={"N": 6, "D": 8, "K": 3})


# --- an L1 term and an elementwise maximum with ties --------------------------------------

LAM_MAX = 0.5


def l1_max_loss(x, t):
    return (x - t).abs().sum() + LAM_MAX * torch.maximum(x, t).sum()


def l1_max_grad(x, t):
    s = np.sign(x - t)
    first = (x >= t).astype(x.dtype)  # a tie goes to x
    dx = s + LAM_MAX * first
    dt = -s + LAM_MAX * (1.0 - first)
    return dx, dt


l1_max_ties = derivation(l1_max_loss, l1_max_grad, wrt=("x", "t"),
                         shapes={"x": (4, 8), "t": (4, 8)})


# --- reverse Huber (berHu) with a detached threshold ---------------------------------------


def berhu_loss(pred, target):
    r = pred - target
    a = r.abs()
    c = 0.2 * a.max().detach()
    return torch.where(a <= c, a, (r * r + c * c) / (2 * c)).mean()


def berhu_grad(pred, target):
    r = pred - target
    a = np.abs(r)
    c = 0.2 * a.max()
    g = np.where(a <= c, np.sign(r), r / c)
    return g / r.size


berhu = derivation(berhu_loss, berhu_grad, wrt="pred",
                   shapes={"pred": (4, 6), "target": (4, 6)})


# --- epsilon-insensitive support vector regression ----------------------------------------

SVR_C, SVR_EPS = 2.0, 0.3


def svr_loss(w, b, X, y):
    r = y - X @ w - b
    return 0.5 * (w * w).sum() + SVR_C * torch.clamp(r.abs() - SVR_EPS, min=0).sum()


def svr_grad(w, b, X, y):
    dw = w.copy()
    db = 0.0
    for i in range(X.shape[0]):
        r = y[i] - X[i] @ w - b
        if r > SVR_EPS:
            dw -= SVR_C * X[i]
            db -= SVR_C
        elif r < -SVR_EPS:
            dw += SVR_C * X[i]
            db += SVR_C
    return dw, db


epsilon_insensitive_svr = derivation(
    svr_loss, svr_grad, wrt=("w", "b"),
    shapes={"w": ("D",), "b": (), "X": ("N", "D"), "y": ("N",)},
    sizes={"D": 3, "N": 10})


# --- modified Huber loss of a linear classifier --------------------------------------------


def modified_huber_loss(w, X, labels):
    z = (2.0 * labels - 1.0) * (X @ w)
    per = torch.where(z >= -1, torch.clamp(1 - z, min=0) ** 2, -4 * z)
    return per.mean()


def modified_huber_grad(w, X, labels):
    y = 2.0 * labels - 1.0
    z = y * (X @ w)
    dz = np.zeros(z.shape)
    quad = (z >= -1) & (z < 1)
    dz[quad] = -2.0 * (1.0 - z[quad])
    dz[z < -1] = -4.0
    return X.T @ (dz * y) / X.shape[0]


modified_huber = derivation(
    modified_huber_loss, modified_huber_grad, wrt="w",
    shapes={"w": ("D",), "X": ("N", "D"), "labels": ("N",)},
    draws={"labels": ("labels", 2)}, sizes={"D": 4, "N": 12})


# --- Hodrick-Prescott smoother over a series near 1000 ------------------------------------

HP_LAMBDA = 100.0


def hp_loss(z, y):
    d2 = z[2:] - 2 * z[1:-1] + z[:-2]
    return ((y - z) ** 2).sum() + HP_LAMBDA * (d2 ** 2).sum()


def hp_grad(z, y):
    n = z.shape[0]
    d2 = np.zeros(n - 2)
    for t in range(n - 2):
        d2[t] = z[t + 2] - 2.0 * z[t + 1] + z[t]
    g = np.zeros(n)
    for t in range(n):
        g[t] = 2.0 * (z[t] - y[t])
    for t in range(n - 2):  # D^T d2: each second difference touches three points
        g[t] += 2.0 * HP_LAMBDA * d2[t]
        g[t + 1] -= 4.0 * HP_LAMBDA * d2[t]
        g[t + 2] += 2.0 * HP_LAMBDA * d2[t]
    return g


hp_filter = derivation(hp_loss, hp_grad, wrt="z",
                       shapes={"z": ("T",), "y": ("T",)},
                       draws={"z": ("positive", 1.0, 1000.0), "y": ("positive", 1.0, 1000.0)},
                       sizes={"T": 24})


# --- harmonic mean of positive numbers ------------------------------------------------------


def harmonic_loss(x):
    return x.shape[0] / (1.0 / x).sum()


def harmonic_grad(x):
    n = x.shape[0]
    s = np.sum(1.0 / x)
    return n / s ** 2 / x ** 2


harmonic_mean = derivation(harmonic_loss, harmonic_grad, wrt="x",
                           shapes={"x": (10,)}, draws={"x": ("positive", 1.0, 1e-3)})


# --- log-sum-exp pooling at temperature 10 -----------------------------------------------------

LSE_R = 10.0


def lse_pool_loss(x, dout):
    T = x.shape[1]
    pooled = (torch.logsumexp(LSE_R * x, dim=1) - math.log(T)) / LSE_R
    return (dout * pooled).sum()


def lse_pool_grad(x, dout):
    s = LSE_R * x
    s = s - s.max(axis=1, keepdims=True)
    e = np.exp(s)
    p = e / e.sum(axis=1, keepdims=True)
    return dout[:, None] * p


lse_pooling = derivation(lse_pool_loss, lse_pool_grad, wrt="x",
                         shapes={"x": ("B", "T"), "dout": ("B",)}, sizes={"B": 3, "T": 7})


# --- expectile regression, plain floats -------------------------------------------------------

TAU_E = 0.8


def expectile_loss(pred, y):
    r = y - pred
    weight = torch.abs(TAU_E - (r < 0).to(r.dtype))  # |tau - 1(r < 0)|
    return (weight * r * r).mean()


def expectile_grad(pred, y):
    n = len(pred)
    grad = []
    for p, t in zip(pred.tolist(), y.tolist(), strict=True):
        r = t - p
        weight = (1.0 - TAU_E) if r < 0 else TAU_E
        grad.append(-2.0 * weight * r / n)
    return grad


expectile = derivation(expectile_loss, expectile_grad, wrt="pred",
                       shapes={"pred": (9,), "y": (9,)})


# --- log-sigmoid as a Function, branches on the sign ------------------------------------------


class LogSigmoid(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        # log sigmoid(x) = min(x, 0) - log1p(exp(-|x|))
        e = torch.exp(-x.abs())
        ctx.save_for_backward(x, e)
        return torch.clamp(x, max=0) - torch.log1p(e)

    @staticmethod
    def backward(ctx, grad_output):
        x, e = ctx.saved_tensors
        # d/dx log sigmoid(x) = sigmoid(-x): e / (1 + e) for x >= 0, 1 / (1 + e) below
        s = torch.where(x >= 0, e / (1 + e), 1 / (1 + e))
        return grad_output * s


log_sigmoid = function_derivation(LogSigmoid, F.logsigmoid, shapes={"x": (4, 5)},
                                  draws={"x": ("normal", 6.0)})


# --- soft state value at a low temperature, the loss written for float64 ---------------------

SOFT_ALPHA = 0.01


def soft_value_loss(Q):
    # float64 holds exp(Q / alpha) up to Q = 7; no logsumexp needed at these returns
    return (SOFT_ALPHA * torch.log(torch.exp(Q / SOFT_ALPHA).sum(dim=1))).mean()


def soft_value_grad(Q):
    z = Q / SOFT_ALPHA
    z = z - z.max(axis=1, keepdims=True)
    pi = np.exp(z)
    pi /= pi.sum(axis=1, keepdims=True)  # the soft-greedy policy
    return pi / Q.shape[0]


soft_value_low_temperature = derivation(soft_value_loss, soft_value_grad, wrt="Q",
                                        shapes={"Q": ("B", "A")},
                                        draws={"Q": ("positive", 1.0, 0.5)},
                                        sizes={"B": 3, "A": 4})
