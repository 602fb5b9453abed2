"""Convolutional-network layers in numpy, written the way course assignments write them.

Forward functions return ``(out, cache)`` and backward functions take ``(dout, cache)``:
a naive convolution with four nested loops and ``np.pad``, an im2col convolution whose
col2im scatters with ``np.add.at``, max pooling that routes the gradient to the argmax of
each window, average pooling by reshaping, batch norm with the short backward formula,
group norm, the hard sigmoid and hard swish of MobileNetV3 (the former as the gate of a
squeeze-and-excitation block), and inverted dropout with its mask built from a uniform
draw. Each loss is the layer's forward in torch contracted with a fixed upstream gradient
``dout``.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation

# --- convolution ---------------------------------------------------------------------------


def conv_forward_naive(x, w, b, conv_param):
    N, _, H, W = x.shape
    F_, _, HH, WW = w.shape
    stride, pad = conv_param["stride"], conv_param["pad"]
    H_out = 1 + (H + 2 * pad - HH) // stride
    W_out = 1 + (W + 2 * pad - WW) // stride
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode="constant")
    out = np.zeros((N, F_, H_out, W_out))
    for n in range(N):
        for f in range(F_):
            for i in range(H_out):
                for j in range(W_out):
                    hs, ws = i * stride, j * stride
                    window = x_pad[n, :, hs:hs + HH, ws:ws + WW]
                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]
    cache = (x, w, b, conv_param)
    return out, cache


def conv_backward_naive(dout, cache):
    x, w, b, conv_param = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, _, H, W = x.shape
    F_, _, HH, WW = w.shape
    _, _, H_out, W_out = dout.shape
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode="constant")
    dx_pad = np.zeros(x_pad.shape)
    dw = np.zeros(w.shape)
    db = np.zeros(b.shape)
    for n in range(N):
        for f in range(F_):
            db[f] += np.sum(dout[n, f])
            for i in range(H_out):
                for j in range(W_out):
                    hs, ws = i * stride, j * stride
                    dw[f] += x_pad[n, :, hs:hs + HH, ws:ws + WW] * dout[n, f, i, j]
                    dx_pad[n, :, hs:hs + HH, ws:ws + WW] += w[f] * dout[n, f, i, j]
    dx = dx_pad[:, :, pad:pad + H, pad:pad + W]
    return dx, dw, db


CONV_PARAM = {"stride": 2, "pad": 1}


def conv_naive_loss(x, w, b, dout):
    out = F.conv2d(x, w, b, stride=CONV_PARAM["stride"], padding=CONV_PARAM["pad"])
    return (out * dout).sum()


def conv_naive_grad(x, w, b, dout):
    _, cache = conv_forward_naive(x, w, b, CONV_PARAM)
    return conv_backward_naive(dout, cache)


conv_naive = derivation(
    conv_naive_loss, conv_naive_grad, wrt=("x", "w", "b"),
    shapes={"x": (2, 3, 5, 5), "w": (4, 3, 3, 3), "b": (4,), "dout": (2, 4, 3, 3)})


def im2col_indices(x_shape, field_height, field_width, padding=1, stride=1):
    _, C, H, W = x_shape
    out_height = (H + 2 * padding - field_height) // stride + 1
    out_width = (W + 2 * padding - field_width) // stride + 1

    i0 = np.repeat(np.arange(field_height), field_width)
    i0 = np.tile(i0, C)
    i1 = stride * np.repeat(np.arange(out_height), out_width)
    j0 = np.tile(np.arange(field_width), field_height * C)
    j1 = stride * np.tile(np.arange(out_width), out_height)
    i = i0.reshape(-1, 1) + i1.reshape(1, -1)
    j = j0.reshape(-1, 1) + j1.reshape(1, -1)
    k = np.repeat(np.arange(C), field_height * field_width).reshape(-1, 1)
    return k, i, j


def im2col(x, field_height, field_width, padding=1, stride=1):
    p = padding
    x_padded = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)), mode="constant")
    k, i, j = im2col_indices(x.shape, field_height, field_width, padding, stride)
    cols = x_padded[:, k, i, j]
    C = x.shape[1]
    cols = cols.transpose(1, 2, 0).reshape(field_height * field_width * C, -1)
    return cols


def col2im(cols, x_shape, field_height=3, field_width=3, padding=1, stride=1):
    N, C, H, W = x_shape
    H_padded, W_padded = H + 2 * padding, W + 2 * padding
    x_padded = np.zeros((N, C, H_padded, W_padded), dtype=cols.dtype)
    k, i, j = im2col_indices(x_shape, field_height, field_width, padding, stride)
    cols_reshaped = cols.reshape(C * field_height * field_width, -1, N)
    cols_reshaped = cols_reshaped.transpose(2, 0, 1)
    np.add.at(x_padded, (slice(None), k, i, j), cols_reshaped)
    if padding == 0:
        return x_padded
    return x_padded[:, :, padding:-padding, padding:-padding]


class Conv2D:
    def __init__(self, W, b, stride=1, pad=1):
        self.W = W
        self.b = b
        self.stride = stride
        self.pad = pad

    def forward(self, X):
        n_filters, _, h_filter, w_filter = self.W.shape
        n_x, _, h_x, w_x = X.shape
        h_out = (h_x - h_filter + 2 * self.pad) // self.stride + 1
        w_out = (w_x - w_filter + 2 * self.pad) // self.stride + 1
        self.X = X
        self.X_col = im2col(X, h_filter, w_filter, padding=self.pad, stride=self.stride)
        W_col = self.W.reshape(n_filters, -1)
        out = W_col @ self.X_col + self.b.reshape(-1, 1)
        out = out.reshape(n_filters, h_out, w_out, n_x)
        out = out.transpose(3, 0, 1, 2)
        return out

    def backward(self, dout):
        n_filter, _, h_filter, w_filter = self.W.shape
        self.db = np.sum(dout, axis=(0, 2, 3))
        dout_reshaped = dout.transpose(1, 2, 3, 0).reshape(n_filter, -1)
        self.dW = (dout_reshaped @ self.X_col.T).reshape(self.W.shape)
        W_reshape = self.W.reshape(n_filter, -1)
        dX_col = W_reshape.T @ dout_reshaped
        dX = col2im(dX_col, self.X.shape, h_filter, w_filter,
                    padding=self.pad, stride=self.stride)
        return dX


def conv_im2col_loss(X, W, b, dout):
    return (F.conv2d(X, W, b, stride=1, padding=1) * dout).sum()


def conv_im2col_grad(X, W, b, dout):
    layer = Conv2D(W, b, stride=1, pad=1)
    layer.forward(X)
    dX = layer.backward(dout)
    return {"X": dX, "W": layer.dW, "b": layer.db}


conv_im2col = derivation(
    conv_im2col_loss, conv_im2col_grad, wrt=("X", "W", "b"),
    shapes={"X": ("N", "C", 4, 4), "W": ("F", "C", 3, 3), "b": ("F",),
            "dout": ("N", "F", 4, 4)},
    sizes={"N": 2, "C": 2, "F": 3})

# --- pooling -------------------------------------------------------------------------------


def max_pool_forward_naive(x, pool_param):
    N, C, H, W = x.shape
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    H_out = 1 + (H - ph) // s
    W_out = 1 + (W - pw) // s
    out = np.zeros((N, C, H_out, W_out))
    for n in range(N):
        for c in range(C):
            for i in range(H_out):
                for j in range(W_out):
                    out[n, c, i, j] = np.max(x[n, c, i * s:i * s + ph, j * s:j * s + pw])
    return out, (x, pool_param)


def max_pool_backward_naive(dout, cache):
    x, pool_param = cache
    N, C = x.shape[:2]
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    _, _, H_out, W_out = dout.shape
    dx = np.zeros_like(x)
    for n in range(N):
        for c in range(C):
            for i in range(H_out):
                for j in range(W_out):
                    window = x[n, c, i * s:i * s + ph, j * s:j * s + pw]
                    r, q = np.unravel_index(np.argmax(window), window.shape)
                    dx[n, c, i * s + r, j * s + q] += dout[n, c, i, j]
    return dx


POOL_PARAM = {"pool_height": 2, "pool_width": 2, "stride": 2}


def max_pool_loss(x, dout):
    return (F.max_pool2d(x, kernel_size=2, stride=2) * dout).sum()


def max_pool_grad(x, dout):
    _, cache = max_pool_forward_naive(x, POOL_PARAM)
    return max_pool_backward_naive(dout, cache)


max_pool_naive = derivation(max_pool_loss, max_pool_grad, wrt="x",
                            shapes={"x": (2, 2, 4, 6), "dout": (2, 2, 2, 3)})


class AvgPool2x2:
    def forward(self, x):
        N, C, H, W = x.shape
        self.x_shape = x.shape
        return x.reshape(N, C, H // 2, 2, W // 2, 2).mean(axis=(3, 5))

    def backward(self, dout):
        dx = np.repeat(np.repeat(dout, 2, axis=2), 2, axis=3) / 4.0
        return dx.reshape(self.x_shape)


def avg_pool_loss(x, dout):
    return (F.avg_pool2d(x, 2) * dout).sum()


def avg_pool_grad(x, dout):
    pool = AvgPool2x2()
    pool.forward(x)
    return pool.backward(dout)


avg_pool = derivation(avg_pool_loss, avg_pool_grad, wrt="x",
                      shapes={"x": ("N", 3, 4, 4), "dout": ("N", 3, 2, 2)}, sizes={"N": 1})

# --- normalisation -------------------------------------------------------------------------


def batchnorm_forward(x, gamma, beta, bn_param):
    eps = bn_param.get("eps", 1e-5)
    sample_mean = x.mean(axis=0)
    sample_var = x.var(axis=0)
    x_hat = (x - sample_mean) / np.sqrt(sample_var + eps)
    out = gamma * x_hat + beta
    cache = (x_hat, gamma, sample_var, eps)
    return out, cache


def batchnorm_backward_alt(dout, cache):
    x_hat, gamma, var, eps = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx_hat = dout * gamma
    inv_std = 1.0 / np.sqrt(var + eps)
    dx = inv_std / N * (N * dx_hat - dx_hat.sum(axis=0) - x_hat * np.sum(dx_hat * x_hat, axis=0))
    return dx, dgamma, dbeta


def batchnorm_loss(x, gamma, beta, dout):
    out = F.batch_norm(x, None, None, weight=gamma, bias=beta, training=True, eps=1e-5)
    return (out * dout).sum()


def batchnorm_grad(x, gamma, beta, dout):
    _, cache = batchnorm_forward(x, gamma, beta, {"mode": "train"})
    return batchnorm_backward_alt(dout, cache)


batchnorm = derivation(
    batchnorm_loss, batchnorm_grad, wrt=("x", "gamma", "beta"),
    shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
    sizes={"N": 6, "D": 4})


# --- hard activations (MobileNetV3) ---------------------------------------------------------


class HSigmoid:
    def forward(self, x):
        self.x = x
        return np.clip(x + 3, 0, 6) / 6

    def backward(self, dout):
        return dout * ((self.x > -3) & (self.x < 3)) / 6


class HSwish:
    def forward(self, x):
        self.x = x
        return x * np.clip(x + 3, 0, 6) / 6

    def backward(self, dout):
        x = self.x
        grad = np.where(x < -3, 0.0, np.where(x > 3, 1.0, (2 * x + 3) / 6))
        return dout * grad


def se_gate_loss(x, W, dout):
    gate = F.hardsigmoid(x @ W)
    return (x * gate * dout).sum()


def se_gate_grad(x, W, dout):
    act = HSigmoid()
    z = x @ W
    gate = act.forward(z)
    dgate = dout * x
    dz = act.backward(dgate)
    dW = x.T @ dz
    dx = dout * gate + dz @ W.T
    return dx, dW


squeeze_excite_gate = derivation(
    se_gate_loss, se_gate_grad, wrt=("x", "W"),
    shapes={"x": ("N", "C"), "W": ("C", "C"), "dout": ("N", "C")}, sizes={"N": 3, "C": 4})


def hswish_loss(x, dout):
    return (F.hardswish(x) * dout).sum()


def hswish_grad(x, dout):
    layer = HSwish()
    layer.forward(x)
    return layer.backward(dout)


hswish = derivation(hswish_loss, hswish_grad, wrt="x",
                    shapes={"x": (2, 4, 3, 3), "dout": (2, 4, 3, 3)})


def groupnorm_forward(x, gamma, beta, G, eps=1e-5):
    N, C, H, W = x.shape
    xg = x.reshape(N, G, -1)
    mean = xg.mean(axis=2, keepdims=True)
    var = xg.var(axis=2, keepdims=True)
    std = np.sqrt(var + eps)
    xhat = ((xg - mean) / std).reshape(N, C, H, W)
    out = gamma[None, :, None, None] * xhat + beta[None, :, None, None]
    return out, (xhat, std, gamma, G)


def groupnorm_backward(dout, cache):
    xhat, std, gamma, G = cache
    N, C, H, W = dout.shape
    dbeta = dout.sum(axis=(0, 2, 3))
    dgamma = (dout * xhat).sum(axis=(0, 2, 3))
    dxhat = (dout * gamma[None, :, None, None]).reshape(N, G, -1)
    xhat_g = xhat.reshape(N, G, -1)
    dx = (dxhat - dxhat.mean(axis=2, keepdims=True)
          - xhat_g * (dxhat * xhat_g).mean(axis=2, keepdims=True)) / std
    return dx.reshape(N, C, H, W), dgamma, dbeta


def groupnorm_loss(x, gamma, beta, dout):
    return (F.group_norm(x, 2, gamma, beta, eps=1e-5) * dout).sum()


def groupnorm_grad(x, gamma, beta, dout):
    _, cache = groupnorm_forward(x, gamma, beta, G=2)
    return groupnorm_backward(dout, cache)


groupnorm = derivation(
    groupnorm_loss, groupnorm_grad, wrt=("x", "gamma", "beta"),
    shapes={"x": (2, 4, 3, 2), "gamma": (4,), "beta": (4,), "dout": (2, 4, 3, 2)})

# --- dropout -------------------------------------------------------------------------------

P_KEEP = 0.7


def dropout_forward(x, u, p):
    mask = (u < p) / p
    out = x * mask
    return out, mask


def dropout_backward(dout, mask):
    dx = dout * mask
    return dx


def dropout_loss(x, w, u, dout):
    mask = (u < P_KEEP).to(x.dtype) / P_KEEP
    return ((torch.relu(x @ w) * mask) * dout).sum()


def dropout_grad(x, w, u, dout):
    a = x.dot(w)
    h = np.maximum(a, 0)
    _, mask = dropout_forward(h, u, P_KEEP)
    dh = dropout_backward(dout, mask)
    da = dh.copy()
    da[a <= 0] = 0
    dw = x.T.dot(da)
    dx = da.dot(w.T)
    return [dx, dw]


dropout_after_relu = derivation(
    dropout_loss, dropout_grad, wrt=("x", "w"),
    shapes={"x": (4, 5), "w": (5, 6), "u": (4, 6), "dout": (4, 6)},
    draws={"u": ("uniform", 0.0, 1.0)})
