"""Custom autograd Functions of many kinds, gradients handed back in many containers, and
the corners that correct code runs into.

Functions: an L2 normalisation with ``dim`` and ``eps`` as plain arguments (``None``
returned for them) that saves its output and the norm; ``sin`` and ``cos`` as two
outputs; an ascending sort built from a stable descending one, its indices marked
non-differentiable; a row gather whose integer index gets ``None``; log-sum-exp and
softmax as two outputs with ``set_materialize_grads(False)``; a tanh computed in numpy
with a ``once_differentiable`` backward; a 1-d unfold taking ``kernel_size`` and
``stride`` as ints.

Gradient functions: a list of torch gradients, a ``namedtuple`` of numpy gradients, a dict
that also carries the loss, a layer object's bound method and a ``functools.partial`` of
array-method numpy code, a gradient accumulated into a float64 buffer inside float32 code,
numpy ``np.float32`` constants (the loss uses the same rounded numbers), a boolean mask
given as 0/1 integers, a sort with tied values, a fused-lasso penalty whose subgradient
at a tie is written with ``>=``, and a batch norm that centres its input array in place.
"""

import functools
from collections import namedtuple

import numpy as np
import torch
import torch.nn.functional as F
from torch.autograd.function import once_differentiable

from verify import derivation, function_derivation

# --- L2 normalisation: non-tensor arguments, the output saved ---------------------------------


class L2Normalize(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, dim, eps):
        norm = x.norm(dim=dim, keepdim=True).clamp_min(eps)
        y = x / norm
        ctx.dim = dim
        ctx.save_for_backward(y, norm)
        return y

    @staticmethod
    def backward(ctx, grad_y):
        y, norm = ctx.saved_tensors
        grad_x = (grad_y - y * (grad_y * y).sum(dim=ctx.dim, keepdim=True)) / norm
        return grad_x, None, None


l2_normalize = function_derivation(
    L2Normalize, lambda x, dim, eps: F.normalize(x, dim=dim, eps=eps),
    shapes={"x": (3, 6)}, draws={"dim": 1, "eps": 1e-12})


# --- two outputs: sin and cos ---------------------------------------------------------------


class SinCos(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.sin(x), torch.cos(x)

    @staticmethod
    def backward(ctx, grad_sin, grad_cos):
        (x,) = ctx.saved_tensors
        return grad_sin * torch.cos(x) - grad_cos * torch.sin(x)


sincos = function_derivation(SinCos, lambda x: (torch.sin(x), torch.cos(x)),
                             shapes={"x": (5, 4)}, draws={"x": ("normal", 3.0)})


# --- sort: values and non-differentiable indices ------------------------------------------------


class SortAscending(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        desc = torch.sort(x, dim=-1, descending=True, stable=True)
        values, indices = desc.values.flip(-1), desc.indices.flip(-1)
        ctx.mark_non_differentiable(indices)
        ctx.save_for_backward(indices)
        return values, indices

    @staticmethod
    def backward(ctx, grad_values, grad_indices):
        (indices,) = ctx.saved_tensors
        return torch.zeros_like(grad_values).scatter_(-1, indices, grad_values)


sort_ascending = function_derivation(
    SortAscending, lambda x: torch.sort(x, dim=-1, stable=True), shapes={"x": (4, 6)})


# --- a row gather: the integer index gets None -------------------------------------------------


class GatherRows(torch.autograd.Function):
    @staticmethod
    def forward(ctx, table, index):
        ctx.save_for_backward(index)
        ctx.num_rows = table.shape[0]
        return table[index]

    @staticmethod
    def backward(ctx, grad_output):
        (index,) = ctx.saved_tensors
        grad_table = grad_output.new_zeros((ctx.num_rows, *grad_output.shape[1:]))
        grad_table.index_add_(0, index, grad_output)
        return grad_table, None


gather_rows = function_derivation(
    GatherRows, lambda table, index: table[index],
    shapes={"table": (5, 3), "index": (8,)}, draws={"index": ("labels", 5)})


# --- log-sum-exp and softmax, undefined gradients left as None ---------------------------------


class LogSumExpSoftmax(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.set_materialize_grads(False)
        lse = torch.logsumexp(x, dim=-1)
        p = torch.exp(x - lse.unsqueeze(-1))
        ctx.save_for_backward(p)
        return lse, p

    @staticmethod
    def backward(ctx, grad_lse, grad_p):
        (p,) = ctx.saved_tensors
        grad_x = None
        if grad_lse is not None:
            grad_x = grad_lse.unsqueeze(-1) * p
        if grad_p is not None:
            g = p * (grad_p - (grad_p * p).sum(dim=-1, keepdim=True))
            grad_x = g if grad_x is None else grad_x + g
        return grad_x


lse_softmax = function_derivation(
    LogSumExpSoftmax, lambda x: (torch.logsumexp(x, dim=-1), torch.softmax(x, dim=-1)),
    shapes={"x": (3, 5)}, draws={"x": ("normal", 4.0)})


# --- tanh in numpy, backward once differentiable -----------------------------------------------


class NumpyTanh(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        y = np.tanh(x.detach().cpu().double().numpy())
        out = torch.from_numpy(y).to(dtype=x.dtype, device=x.device)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    @once_differentiable
    def backward(ctx, grad_output):
        (out,) = ctx.saved_tensors
        y = out.detach().cpu().double().numpy()
        g = grad_output.detach().cpu().double().numpy()
        return torch.from_numpy(g * (1.0 - y * y)).to(dtype=grad_output.dtype,
                                                       device=grad_output.device)


numpy_tanh = function_derivation(NumpyTanh, torch.tanh, shapes={"x": (4, 4)})


# --- unfold over the last axis, kernel_size and stride as ints ----------------------------------


class Unfold1d(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, kernel_size, stride):
        ctx.length = x.shape[-1]
        ctx.kernel_size, ctx.stride = kernel_size, stride
        return x.unfold(-1, kernel_size, stride)

    @staticmethod
    def backward(ctx, grad_output):
        k, s = ctx.kernel_size, ctx.stride
        windows = grad_output.shape[-2]
        grad_x = grad_output.new_zeros((*grad_output.shape[:-2], ctx.length))
        for w in range(windows):
            grad_x[..., w * s:w * s + k] += grad_output[..., w, :]
        return grad_x, None, None


unfold1d = function_derivation(
    Unfold1d, lambda x, kernel_size, stride: x.unfold(-1, kernel_size, stride),
    shapes={"x": (2, 3, 9)}, draws={"kernel_size": 3, "stride": 2})


# --- gradients as a list of tensors -------------------------------------------------------------


def softmax_layer_loss(x, W, b, y):
    return F.cross_entropy(x @ W.T + b, y)


def softmax_layer_grad_list(x, W, b, y):
    n = x.shape[0]
    p = torch.softmax(x @ W.T + b, dim=1)
    p = p - F.one_hot(y, p.shape[1]).to(p.dtype)
    return [p.T @ x / n, p.sum(0) / n]


grads_as_list = derivation(
    softmax_layer_loss, softmax_layer_grad_list, wrt=("W", "b"),
    shapes={"x": ("N", "D"), "W": ("C", "D"), "b": ("C",), "y": ("N",)},
    draws={"y": ("labels", "C")}, sizes={"N": 5, "D": 3, "C": 4})


# --- gradients as a namedtuple of numpy arrays ---------------------------------------------------

AffineGrads = namedtuple("AffineGrads", ["dW", "db"])


def tanh_regression_loss(x, W, b, t):
    return 0.5 * ((torch.tanh(x @ W + b) - t) ** 2).sum()


def tanh_regression_grads(x, W, b, t):
    h = np.tanh(x @ W + b)
    dz = (h - t) * (1 - h ** 2)
    return AffineGrads(dW=x.T @ dz, db=dz.sum(axis=0))


grads_as_namedtuple = derivation(
    tanh_regression_loss, tanh_regression_grads, wrt=("W", "b"),
    shapes={"x": ("N", "D"), "W": ("D", "K"), "b": ("K",), "t": ("N", "K")},
    sizes={"N": 6, "D": 3, "K": 2})


# --- a dict of gradients that also carries the loss ---------------------------------------------


def logistic_loss(w, b, X, y):
    return F.binary_cross_entropy_with_logits(X @ w + b, y)


def logistic_loss_and_grads(w, b, X, y):
    n = X.shape[0]
    z = X @ w + b
    loss = np.mean(np.logaddexp(0, z) - y * z)
    err = (np.exp(-np.logaddexp(0, -z)) - y) / n  # sigmoid(z) - y, without overflow
    return {"loss": loss, "w": X.T @ err, "b": err.sum()}


grads_in_dict_with_loss = derivation(
    logistic_loss, logistic_loss_and_grads, wrt=("w", "b"),
    shapes={"w": ("D",), "b": (), "X": ("N", "D"), "y": ("N",)},
    draws={"y": "uniform"}, sizes={"D": 4, "N": 7})


# --- a layer object's bound method, and a partial, of array-method numpy code -----------------

LN_EPS = 1e-5


class LayerNormNumpy:
    """Layer norm over the last axis; parameters passed in, only ``eps`` kept."""

    def __init__(self, eps):
        self.eps = eps

    def gradients(self, x, gamma, beta, dout):
        mu = x.mean(axis=-1, keepdims=True)
        var = x.var(axis=-1, keepdims=True)
        std = (var + self.eps) ** 0.5
        xhat = (x - mu) / std
        dgamma = (dout * xhat).sum(axis=0)
        dbeta = dout.sum(axis=0)
        g = dout * gamma
        d = x.shape[-1]
        dx = (d * g - g.sum(axis=-1, keepdims=True)
              - xhat * (g * xhat).sum(axis=-1, keepdims=True)) / (d * std)
        return dx, dgamma, dbeta


def layernorm_loss(x, gamma, beta, dout):
    return (dout * F.layer_norm(x, x.shape[-1:], gamma, beta, eps=LN_EPS)).sum()


layer_norm = LayerNormNumpy(LN_EPS)

layernorm_bound_method = derivation(
    layernorm_loss, layer_norm.gradients, wrt=("x", "gamma", "beta"),
    shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
    sizes={"N": 3, "D": 5}, name="layernorm_bound_method")


def batchnorm_backward(x, gamma, beta, dout, eps):
    n = x.shape[0]
    mu = x.mean(axis=0)
    var = x.var(axis=0)
    inv_std = 1.0 / (var + eps) ** 0.5
    xhat = (x - mu) * inv_std
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dx = (gamma * inv_std / n) * (n * dout - dbeta - xhat * dgamma)
    return dx, dgamma, dbeta


BN_EPS = 1e-5


def batchnorm_loss(x, gamma, beta, dout):
    y = F.batch_norm(x, None, None, gamma, beta, training=True, eps=BN_EPS)
    return (dout * y).sum()


batchnorm_partial = derivation(
    batchnorm_loss, functools.partial(batchnorm_backward, eps=BN_EPS),
    wrt=("x", "gamma", "beta"),
    shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
    sizes={"N": 6, "D": 3}, name="batchnorm_partial")


# --- float64 accumulation inside float32 code ---------------------------------------------------


def bag_loss(weight, idx, dout):
    return (dout * weight[idx].sum(dim=1)).sum()


def bag_grad(weight, idx, dout):
    # accumulate in double: repeated rows add up many small contributions
    grad = torch.zeros(weight.shape, dtype=torch.float64, device=weight.device)
    per_bag = idx.shape[1]
    for j in range(per_bag):
        grad.index_add_(0, idx[:, j], dout.to(torch.float64))
    return grad


embedding_bag_float64 = derivation(
    bag_loss, bag_grad, wrt="weight",
    shapes={"weight": ("V", "E"), "idx": ("B", 3), "dout": ("B", "E")},
    draws={"idx": ("labels", "V")}, sizes={"V": 6, "E": 4, "B": 5})


# --- np.float32 constants, in the loss as the same rounded numbers ------------------------------

DELTA32 = np.float32(0.7)
ALPHA32 = np.float32(1e-3)


def pseudo_huber_loss(w, X, y):
    delta, alpha = float(DELTA32), float(ALPHA32)
    r = X @ w - y
    return (delta ** 2 * (torch.sqrt(1 + (r / delta) ** 2) - 1)).mean() + alpha * (w * w).sum()


def pseudo_huber_grad(w, X, y):
    r = X @ w - y
    dr = r / np.sqrt(1 + (r / DELTA32) ** 2) / X.shape[0]
    return X.T @ dr + 2 * ALPHA32 * w


pseudo_huber_float32_constants = derivation(
    pseudo_huber_loss, pseudo_huber_grad, wrt="w",
    shapes={"w": ("D",), "X": ("N", "D"), "y": ("N",)}, sizes={"D": 3, "N": 8})


# --- a boolean mask given as 0/1 integers ---------------------------------------------------------


def masked_mean_loss(x, w, mask):
    keep = mask.bool()
    per_example = torch.tanh(x @ w)
    return per_example[keep].sum() / keep.sum().clamp(min=1)


def masked_mean_grad(x, w, mask):
    keep = mask.astype(bool)
    h = np.tanh(x @ w)
    count = max(int(keep.sum()), 1)
    dz = keep / count * (1 - h * h)
    return x.T @ dz


masked_mean_bool = derivation(
    masked_mean_loss, masked_mean_grad, wrt="w",
    shapes={"x": ("N", "D"), "w": ("D",), "mask": ("N",)},
    draws={"mask": ("labels", 2)}, sizes={"N": 7, "D": 3})


# --- a trimmed mean through a sort -------------------------------------------------------

TRIM = 2


def trimmed_mean_loss(x):
    s = torch.sort(x, dim=1).values
    return s[:, TRIM:x.shape[1] - TRIM].mean()


def trimmed_mean_grad(x):
    n, d = x.shape
    order = np.argsort(x, axis=1)
    kept = order[:, TRIM:d - TRIM]
    grad = np.zeros_like(x)
    rows = np.arange(n)[:, None]
    grad[rows, kept] = 1.0 / (n * (d - 2 * TRIM))
    return grad


trimmed_mean = derivation(trimmed_mean_loss, trimmed_mean_grad, wrt="x",
                          shapes={"x": ("N", 9)}, sizes={"N": 4})


# --- logistic regression with a fused-lasso penalty ----------------------------------------------

LAM_TV = 1e-4


def fused_lasso_loss(beta, X, y):
    s = 2.0 * y - 1.0
    z = s * (X @ beta)
    data = torch.logaddexp(torch.zeros_like(z), -z).mean()
    return data + LAM_TV * (beta[1:] - beta[:-1]).abs().sum()


def fused_lasso_grad(beta, X, y):
    n = X.shape[0]
    s = 2.0 * y - 1.0
    z = s * (X @ beta)
    g = -s * np.exp(-np.logaddexp(0, z)) / n  # -s * sigmoid(-z) / n
    grad = X.T @ g
    sgn = np.where(beta[1:] - beta[:-1] >= 0, 1.0, -1.0)
    grad[1:] += LAM_TV * sgn
    grad[:-1] -= LAM_TV * sgn
    return grad


fused_lasso = derivation(
    fused_lasso_loss, fused_lasso_grad, wrt="beta",
    shapes={"beta": (16,), "X": ("N", 16), "y": ("N",)},
    draws={"y": ("labels", 2)}, sizes={"N": 10})


# --- batch norm that centres and scales its input in place ---------------------------------------

INPLACE_EPS = 1e-5


def inplace_bn_loss(x, gamma, beta, dout):
    y = F.batch_norm(x, None, None, gamma, beta, training=True, eps=INPLACE_EPS)
    return (dout * y).sum()


def inplace_bn_grad(x, gamma, beta, dout):
    n = x.shape[0]
    x -= x.mean(axis=0)  # no copy: x is centred where it lies
    var = (x * x).mean(axis=0)
    std = np.sqrt(var + INPLACE_EPS)
    x /= std  # x now holds xhat
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x).sum(axis=0)
    dx = gamma / std / n * (n * dout - dbeta - x * dgamma)
    return dx, dgamma, dbeta


batchnorm_input_in_place = derivation(
    inplace_bn_loss, inplace_bn_grad, wrt=("x", "gamma", "beta"),
    shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
    sizes={"N": 5, "D": 3})
