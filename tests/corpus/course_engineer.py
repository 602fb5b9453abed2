"""Backward passes the way engineers write them for their own layers and losses.

``torch.autograd.Function`` subclasses with ``ctx.save_for_backward`` and
``ctx.needs_input_grad`` (a linear layer, a SiLU whose backward works in place), a layer
norm under ``torch.no_grad()`` with ``out=`` arguments and a tiny eps, softmax
cross-entropy at temperatures 0.01 and 100, an InfoNCE loss on L2-normalised embeddings,
``log1p`` / ``expm1`` numerics (softplus and log(1 - e^-a)), a Huber loss through
``clamp_`` and ``masked_fill_``, a max over a row with tied entries (the book's numbers,
the gradient split evenly between the ties), and a numpy linear regression whose gradient
is handed back as float32.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation, function_derivation

# --- a linear layer as an autograd.Function ------------------------------------------------


class LinearFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, weight, bias):
        ctx.save_for_backward(x, weight)
        return x @ weight.t() + bias

    @staticmethod
    def backward(ctx, grad_output):
        x, weight = ctx.saved_tensors
        grad_x = grad_w = grad_b = None
        if ctx.needs_input_grad[0]:
            grad_x = grad_output @ weight
        if ctx.needs_input_grad[1]:
            grad_w = grad_output.t() @ x
        if ctx.needs_input_grad[2]:
            grad_b = grad_output.sum(0)
        return grad_x, grad_w, grad_b


linear_function = function_derivation(
    LinearFunction, lambda x, weight, bias: F.linear(x, weight, bias),
    shapes={"x": (4, 3), "weight": (5, 3), "bias": (5,)})


# --- SiLU with an in-place backward -----------------------------------------------------------


class SiLU(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * torch.sigmoid(x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        s = torch.sigmoid(x)
        d = x * (1 - s)                  # a fresh tensor: safe to work on in place
        d.add_(1).mul_(s)                # sigma (1 + x (1 - sigma))
        return d.mul_(grad_output)


silu_function = function_derivation(SiLU, lambda x: F.silu(x), shapes={"x": (3, 5)},
                                    draws={"x": ("normal", 3.0)})


# --- layer norm under no_grad, out= arguments, eps 1e-12 --------------------------------------

LN_EPS = 1e-12


def layernorm_loss(x, gamma, beta, dout):
    return (dout * F.layer_norm(x, x.shape[-1:], gamma, beta, eps=LN_EPS)).sum()


def layernorm_grad(x, gamma, beta, dout):
    with torch.no_grad():
        d = x.shape[-1]
        mu = x.mean(-1, keepdim=True)
        xc = torch.empty_like(x)
        torch.sub(x, mu, out=xc)
        rstd = torch.rsqrt(xc.pow(2).mean(-1, keepdim=True) + LN_EPS)
        xhat = torch.mul(xc, rstd, out=torch.empty_like(x))
        dgamma = (dout * xhat).sum(0)
        dbeta = dout.sum(0)
        g = dout * gamma
        dx = g.mul(d)
        dx.sub_(g.sum(-1, keepdim=True))
        dx.sub_(xhat * (g * xhat).sum(-1, keepdim=True))
        dx.mul_(rstd / d)
    return dx, dgamma, dbeta


layernorm_no_grad = derivation(
    layernorm_loss, layernorm_grad, wrt=("x", "gamma", "beta"),
    shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
    sizes={"N": 3, "D": 6})


# --- softmax cross-entropy at temperatures 0.01 and 100 ------------------------------------


def _temperature_ce(T):
    def loss(logits, target):
        return F.cross_entropy(logits / T, target)

    def grad(logits, target):
        n = logits.shape[0]
        p = torch.softmax(logits / T, dim=1)
        p[torch.arange(n), target] -= 1
        return p / (n * T)

    return loss, grad


cold_ce_loss, cold_ce_grad = _temperature_ce(0.01)
hot_ce_loss, hot_ce_grad = _temperature_ce(100.0)

cross_entropy_temperature_001 = derivation(
    cold_ce_loss, cold_ce_grad, wrt="logits",
    shapes={"logits": ("N", "C"), "target": ("N",)}, draws={"target": ("labels", "C")},
    sizes={"N": 4, "C": 5})

cross_entropy_temperature_100 = derivation(
    hot_ce_loss, hot_ce_grad, wrt="logits",
    shapes={"logits": ("N", "C"), "target": ("N",)}, draws={"target": ("labels", "C")},
    sizes={"N": 4, "C": 5})


# --- InfoNCE on L2-normalised embeddings --------------------------------------------------

TAU = 0.07


def infonce_loss(za, zb):
    a = F.normalize(za, dim=1)
    b = F.normalize(zb, dim=1)
    logits = a @ b.T / TAU
    return F.cross_entropy(logits, torch.arange(za.shape[0]))


def infonce_grad(za, zb):
    n = za.shape[0]
    na = za.norm(dim=1, keepdim=True)
    nb = zb.norm(dim=1, keepdim=True)
    a, b = za / na, zb / nb
    p = torch.softmax(a @ b.T / TAU, dim=1)
    p -= torch.eye(n, dtype=p.dtype)
    dlogits = p / n
    da = dlogits @ b / TAU
    db = dlogits.T @ a / TAU
    # through a = z / |z|: dz = (da - a (a . da)) / |z|
    dza = (da - a * (a * da).sum(1, keepdim=True)) / na
    dzb = (db - b * (b * db).sum(1, keepdim=True)) / nb
    return dza, dzb


infonce_normalised = derivation(
    infonce_loss, infonce_grad, wrt=("za", "zb"),
    shapes={"za": ("N", "D"), "zb": ("N", "D")}, sizes={"N": 4, "D": 3})


# --- log1p and expm1 -------------------------------------------------------------------------


def softplus_loss(x, a, dout):
    return (dout * (F.softplus(x) + torch.log(-torch.expm1(-a)))).sum()


def softplus_grad(x, a, dout):
    # softplus(x) = max(x, 0) + log1p(exp(-|x|)); its derivative is sigmoid(x)
    sig = np.where(x >= 0, 1.0 / (1.0 + np.exp(-x)), np.exp(x) / (1.0 + np.exp(x)))
    # d/da log(1 - e^-a) = e^-a / (1 - e^-a) = 1 / expm1(a)
    return dout * sig, dout / np.expm1(a)


log1p_expm1 = derivation(
    softplus_loss, softplus_grad, wrt=("x", "a"),
    shapes={"x": ("N",), "a": ("N",), "dout": ("N",)},
    draws={"x": ("normal", 4.0), "a": ("positive", 1.0, 1e-3)}, sizes={"N": 8})


# --- Huber loss through clamp_ and masked_fill_ -------------------------------------------

DELTA = 0.5


def huber_loss(pred, target):
    return F.huber_loss(pred, target, delta=DELTA)


def huber_grad(pred, target):
    with torch.no_grad():
        r = pred - target
        g = r.clone().clamp_(-DELTA, DELTA)
        big = r.abs() > DELTA
        g.masked_fill_(big & (r > 0), DELTA).masked_fill_(big & (r < 0), -DELTA)
        g.div_(r.numel())
    return g


huber_in_place = derivation(
    huber_loss, huber_grad, wrt="pred", shapes={"pred": (5, 3), "target": (5, 3)})


# --- a max with ties: the book's numbers, the gradient split between the ties -------------

TIED = [[1.0, 3.0, 3.0, 2.0], [0.5, -1.0, 0.5, 0.5], [2.0, 4.0, 1.0, 0.0]]


def tied_max_loss(x, w):
    return (w * x.amax(dim=1)).sum()


def tied_max_grad(x, w):
    x = np.asarray(x)
    top = x.max(axis=1, keepdims=True)
    ties = (x == top).astype(float)
    return ties / ties.sum(axis=1, keepdims=True) * np.asarray(w)[:, None]


max_with_ties = derivation(
    tied_max_loss, tied_max_grad, wrt="x", shapes={"x": (3, 4), "w": (3,)},
    draws={"x": ("fixed", TIED)})


# --- numpy linear regression, the gradient handed back as float32 -----------------------------


def linreg_loss(w, b, X, y):
    return ((X @ w + b - y) ** 2).mean() / 2


def linreg_grad(w, b, X, y):
    m = X.shape[0]
    err = X.dot(w) + b - y
    dw = np.zeros(w.shape)                 # float64 buffer
    for i in range(m):
        dw += err[i] * X[i]
    return (dw / m).astype(np.float32), np.float32(err.sum() / m)


linear_regression_float32 = derivation(
    linreg_loss, linreg_grad, wrt=("w", "b"),
    shapes={"w": ("D",), "b": (), "X": ("M", "D"), "y": ("M",)}, sizes={"M": 10, "D": 3})
