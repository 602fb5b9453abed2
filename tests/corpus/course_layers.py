"""Course-solution numpy layers: a ``Layer`` base class, caches, and a ``Sequential`` container.

Every layer keeps what its backward needs in ``self.cache`` during ``forward(self, x)``,
``backward(self, grad_out)`` fills ``self.grads`` (float64 buffers from ``np.zeros``, whatever
the input's dtype) and returns the gradient of its input; ``Sequential`` walks its layers in
reverse. Dense layers with ReLU, leaky ReLU, tanh and sigmoid, softmax cross-entropy with
integer labels, a convolution through ``as_strided`` im2col with its col2im by ``np.add.at``,
a strided convolution through ``sliding_window_view`` and ``np.einsum``, max pooling that
splits the gradient evenly among tied maxima, a small conv net, batch norm in training
mode, an embedding table with repeated indices, global average pooling, and dropout with
an integer keep mask.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


class Layer:
    def __init__(self):
        self.params = {}
        self.grads = {}
        self.cache = None

    def forward(self, x):
        raise NotImplementedError

    def backward(self, grad_out):
        raise NotImplementedError

    def __call__(self, x):
        return self.forward(x)


class Linear(Layer):
    def __init__(self, W, b):
        super().__init__()
        self.params = {"W": W, "b": b}

    def forward(self, x):
        self.cache = x
        return x @ self.params["W"] + self.params["b"]

    def backward(self, grad_out):
        x = self.cache
        self.grads["W"] = np.zeros(self.params["W"].shape)
        self.grads["W"] += x.T @ grad_out
        self.grads["b"] = np.zeros(self.params["b"].shape)
        self.grads["b"] += grad_out.sum(axis=0)
        return grad_out @ self.params["W"].T


class ReLU(Layer):
    def forward(self, x):
        self.cache = x > 0
        return x * self.cache

    def backward(self, grad_out):
        return grad_out * self.cache


class LeakyReLU(Layer):
    def __init__(self, slope=0.01):
        super().__init__()
        self.slope = slope

    def forward(self, x):
        self.cache = x
        return np.where(x > 0, x, self.slope * x)

    def backward(self, grad_out):
        dx = grad_out.copy()
        dx[self.cache <= 0] *= self.slope
        return dx


class Tanh(Layer):
    def forward(self, x):
        self.cache = np.tanh(x)
        return self.cache

    def backward(self, grad_out):
        return grad_out * (1.0 - self.cache ** 2)


class Sigmoid(Layer):
    def forward(self, x):
        out = np.empty_like(x)
        pos = x >= 0
        out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
        ex = np.exp(x[~pos])
        out[~pos] = ex / (1.0 + ex)
        self.cache = out
        return out

    def backward(self, grad_out):
        s = self.cache
        return grad_out * s * (1 - s)


class Sequential(Layer):
    def __init__(self, *layers):
        super().__init__()
        self.layers = list(layers)

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, grad_out):
        for layer in reversed(self.layers):
            grad_out = layer.backward(grad_out)
        return grad_out


class SoftmaxCrossEntropy:
    def forward(self, logits, labels):
        shifted = logits - logits.max(axis=1, keepdims=True)
        log_z = np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        self.log_probs = shifted - log_z
        self.labels = labels
        return -self.log_probs[np.arange(len(labels)), labels].mean()

    def backward(self):
        n = len(self.labels)
        d = np.exp(self.log_probs)
        d[np.arange(n), self.labels] -= 1
        return d / n


# --- an MLP in a Sequential, softmax cross-entropy ------------------------------------------


def mlp_ce_loss(W1, b1, W2, b2, W3, b3, x, labels):
    h = F.leaky_relu(torch.relu(x @ W1 + b1) @ W2 + b2, 0.01)
    return F.cross_entropy(h @ W3 + b3, labels)


def mlp_ce_grad(W1, b1, W2, b2, W3, b3, x, labels):
    l1, l2, l3 = Linear(W1, b1), Linear(W2, b2), Linear(W3, b3)
    model = Sequential(l1, ReLU(), l2, LeakyReLU(0.01), l3)
    criterion = SoftmaxCrossEntropy()
    criterion.forward(model.forward(x), labels)
    model.backward(criterion.backward())
    grads = {}
    for i, layer in enumerate((l1, l2, l3), start=1):
        grads[f"W{i}"] = layer.grads["W"]
        grads[f"b{i}"] = layer.grads["b"]
    return grads


sequential_mlp_ce = derivation(
    mlp_ce_loss, mlp_ce_grad, wrt=("W1", "b1", "W2", "b2", "W3", "b3"),
    shapes={"W1": ("D", "H"), "b1": ("H",), "W2": ("H", "H"), "b2": ("H",),
            "W3": ("H", "C"), "b3": ("C",), "x": ("N", "D"), "labels": ("N",)},
    draws={"labels": ("labels", "C")}, sizes={"N": 6, "D": 4, "H": 5, "C": 3})


# --- tanh, then a sigmoid output and a mean squared error ------------------------------------


def tanh_mse_loss(W1, b1, W2, b2, x, y):
    return F.mse_loss(torch.sigmoid(torch.tanh(x @ W1 + b1) @ W2 + b2), y)


def tanh_mse_grad(W1, b1, W2, b2, x, y):
    fc1, fc2 = Linear(W1, b1), Linear(W2, b2)
    model = Sequential(fc1, Tanh(), fc2, Sigmoid())
    out = model(x)
    dout = 2.0 * (out - y) / out.size
    dx = model.backward(dout)
    assert dx.shape == x.shape
    return [fc1.grads["W"], fc1.grads["b"], fc2.grads["W"], fc2.grads["b"]]


sequential_tanh_mse = derivation(
    tanh_mse_loss, tanh_mse_grad, wrt=("W1", "b1", "W2", "b2"),
    shapes={"W1": ("D", "H"), "b1": ("H",), "W2": ("H", "O"), "b2": ("O",),
            "x": ("N", "D"), "y": ("N", "O")},
    draws={"y": "uniform"}, sizes={"N": 5, "D": 3, "H": 4, "O": 2})


# --- convolution: as_strided im2col, col2im with np.add.at ----------------------------------


class Conv2d(Layer):
    def __init__(self, W, b, pad=1):
        super().__init__()
        self.params = {"W": W, "b": b}
        self.pad = pad

    def forward(self, x):
        W = self.params["W"]
        F_, C, HH, WW = W.shape
        p = self.pad
        xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
        N, _, Hp, Wp = xp.shape
        Ho, Wo = Hp - HH + 1, Wp - WW + 1
        s = xp.strides
        cols = np.lib.stride_tricks.as_strided(
            xp, shape=(N, C, HH, WW, Ho, Wo), strides=(s[0], s[1], s[2], s[3], s[2], s[3]))
        cols = cols.transpose(0, 4, 5, 1, 2, 3).reshape(N * Ho * Wo, C * HH * WW)
        out = cols @ W.reshape(F_, -1).T + self.params["b"]
        self.cache = (x.shape, xp.shape, cols, Ho, Wo)
        return out.reshape(N, Ho, Wo, F_).transpose(0, 3, 1, 2)

    def backward(self, grad_out):
        x_shape, xp_shape, cols, Ho, Wo = self.cache
        W = self.params["W"]
        F_, C, HH, WW = W.shape
        N = x_shape[0]
        g = grad_out.transpose(0, 2, 3, 1).reshape(N * Ho * Wo, F_)
        self.grads["W"] = (g.T @ cols).reshape(W.shape)
        self.grads["b"] = g.sum(axis=0)
        dcols = (g @ W.reshape(F_, -1)).reshape(N, Ho, Wo, C, HH, WW)
        dxp = np.zeros(xp_shape)
        n_idx, c_idx, i_idx, j_idx, di, dj = np.ix_(
            np.arange(N), np.arange(C), np.arange(Ho), np.arange(Wo), np.arange(HH),
            np.arange(WW))
        np.add.at(dxp, (n_idx, c_idx, i_idx + di, j_idx + dj),
                  dcols.transpose(0, 3, 1, 2, 4, 5))
        p = self.pad
        return dxp[:, :, p:p + x_shape[2], p:p + x_shape[3]]


def conv_loss(x, W, b, dout):
    return (dout * F.conv2d(x, W, b, padding=1)).sum()


def conv_grad(x, W, b, dout):
    conv = Conv2d(W, b, pad=1)
    conv.forward(x)
    dx = conv.backward(dout)
    return dx, conv.grads["W"], conv.grads["b"]


conv_im2col = derivation(
    conv_loss, conv_grad, wrt=("x", "W", "b"),
    shapes={"x": ("N", "C", "H", "W"), "W": ("F", "C", 3, 3), "b": ("F",),
            "dout": ("N", "F", "H", "W")},
    sizes={"N": 2, "C": 2, "H": 5, "W": 4, "F": 3})


# --- a strided convolution through sliding_window_view and einsum -------------------------


def strided_conv_loss(x, w, dout):
    return (dout * F.conv2d(x, w, stride=2)).sum()


def strided_conv_grad(x, w, dout):
    k = w.shape[-1]
    win = np.lib.stride_tricks.sliding_window_view(x, (k, k), axis=(2, 3))[:, :, ::2, ::2]
    dw = np.einsum("nfij,ncijkl->fckl", dout, win)
    dx = np.zeros(x.shape)
    ho, wo = dout.shape[2], dout.shape[3]
    for a in range(k):
        for c in range(k):
            # tap (a, c) of output (i, j) reads x[2 i + a, 2 j + c]
            dx[:, :, a:a + 2 * ho:2, c:c + 2 * wo:2] += np.einsum("nfij,fc->ncij", dout,
                                                                   w[:, :, a, c])
    return dx.astype(x.dtype), dw


conv_strided_einsum = derivation(
    strided_conv_loss, strided_conv_grad, wrt=("x", "w"),
    shapes={"x": (2, 3, 7, 7), "w": (4, 3, 3, 3), "dout": (2, 4, 3, 3)})


# --- max pooling after ReLU: ties split evenly ---------------------------------------------


class MaxPool2x2(Layer):
    def forward(self, x):
        N, C, H, W = x.shape
        win = x.reshape(N, C, H // 2, 2, W // 2, 2)
        out = win.max(axis=(3, 5))
        self.cache = (win, out)
        return out

    def backward(self, grad_out):
        win, out = self.cache
        mask = (win == out[:, :, :, None, :, None]).astype(np.float64)
        mask /= mask.sum(axis=(3, 5), keepdims=True)   # a tie shares the gradient
        dx = mask * grad_out[:, :, :, None, :, None]
        N, C, Hh, _, Wh, _ = win.shape
        return dx.reshape(N, C, 2 * Hh, 2 * Wh)


def relu_pool_loss(x, dout):
    return (dout * F.max_pool2d(torch.relu(x), 2)).sum()


def relu_pool_grad(x, dout):
    net = Sequential(ReLU(), MaxPool2x2())
    net.forward(x)
    return net.backward(dout)


relu_maxpool_ties = derivation(
    relu_pool_loss, relu_pool_grad, wrt="x",
    shapes={"x": ("N", "C", 4, 6), "dout": ("N", "C", 2, 3)}, sizes={"N": 3, "C": 2})


# --- a small conv net: conv, relu, pool (first maximum), flatten, dense, cross-entropy -------


class MaxPoolArgmax(Layer):
    def forward(self, x):
        N, C, H, W = x.shape
        win = x.reshape(N, C, H // 2, 2, W // 2, 2).transpose(0, 1, 2, 4, 3, 5)
        flat = win.reshape(N, C, H // 2, W // 2, 4)
        idx = flat.argmax(axis=-1)
        self.cache = (x.shape, idx)
        return np.take_along_axis(flat, idx[..., None], axis=-1)[..., 0]

    def backward(self, grad_out):
        shape, idx = self.cache
        N, C, H, W = shape
        dflat = np.zeros((N, C, H // 2, W // 2, 4))
        np.put_along_axis(dflat, idx[..., None], grad_out[..., None], axis=-1)
        dwin = dflat.reshape(N, C, H // 2, W // 2, 2, 2).transpose(0, 1, 2, 4, 3, 5)
        return dwin.reshape(N, C, H, W)


class Flatten(Layer):
    def forward(self, x):
        self.cache = x.shape
        return x.reshape(x.shape[0], -1)

    def backward(self, grad_out):
        return grad_out.reshape(self.cache)


def cnn_loss(K, kb, W, b, x, labels):
    h = F.max_pool2d(torch.relu(F.conv2d(x, K, kb, padding=1)), 2)
    return F.cross_entropy(h.flatten(1) @ W + b, labels)


def cnn_grad(K, kb, W, b, x, labels):
    conv, fc = Conv2d(K, kb, pad=1), Linear(W, b)
    model = Sequential(conv, ReLU(), MaxPoolArgmax(), Flatten(), fc)
    ce = SoftmaxCrossEntropy()
    ce.forward(model.forward(x), labels)
    model.backward(ce.backward())
    return conv.grads["W"], conv.grads["b"], fc.grads["W"], fc.grads["b"]


small_cnn = derivation(
    cnn_loss, cnn_grad, wrt=("K", "kb", "W", "b"),
    shapes={"K": (3, 2, 3, 3), "kb": (3,), "W": (3 * 2 * 2, 4), "b": (4,),
            "x": (5, 2, 4, 4), "labels": (5,)},
    draws={"labels": ("labels", 4)})


# --- batch norm in training mode -------------------------------------------------------------


class BatchNorm1d(Layer):
    def __init__(self, gamma, beta, eps=1e-5):
        super().__init__()
        self.params = {"gamma": gamma, "beta": beta}
        self.eps = eps

    def forward(self, x):
        mu = x.mean(axis=0)
        xc = x - mu
        var = (xc ** 2).mean(axis=0)
        std = np.sqrt(var + self.eps)
        xhat = xc / std
        self.cache = (xhat, std)
        return self.params["gamma"] * xhat + self.params["beta"]

    def backward(self, grad_out):
        xhat, std = self.cache
        n = grad_out.shape[0]
        self.grads["gamma"] = (grad_out * xhat).sum(axis=0)
        self.grads["beta"] = grad_out.sum(axis=0)
        dxhat = grad_out * self.params["gamma"]
        return (n * dxhat - dxhat.sum(axis=0) - xhat * (dxhat * xhat).sum(axis=0)) / (n * std)


def bn_loss(x, gamma, beta, dout):
    return (dout * F.batch_norm(x, None, None, gamma, beta, training=True, eps=1e-5)).sum()


def bn_grad(x, gamma, beta, dout):
    bn = BatchNorm1d(gamma, beta, eps=1e-5)
    bn(x)
    dx = bn.backward(dout)
    return dx, bn.grads["gamma"], bn.grads["beta"]


batchnorm_layer = derivation(
    bn_loss, bn_grad, wrt=("x", "gamma", "beta"),
    shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
    sizes={"N": 8, "D": 3})


# --- an embedding table with repeated indices --------------------------------------------


class Embedding(Layer):
    def __init__(self, table):
        super().__init__()
        self.params = {"table": table}

    def forward(self, idx):
        self.cache = idx
        return self.params["table"][idx]

    def backward(self, grad_out):
        d = np.zeros(self.params["table"].shape)
        np.add.at(d, self.cache, grad_out)
        self.grads["table"] = d


def embedding_loss(table, W, idx, y):
    return ((table[idx].mean(1) @ W - y) ** 2).sum()


def embedding_grad(table, W, idx, y):
    emb = Embedding(table)
    e = emb.forward(idx)                       # (N, T, D)
    pooled = e.mean(axis=1)
    r = 2.0 * (pooled @ W - y)
    dW = pooled.T @ r
    dpooled = r @ W.T
    de = np.repeat(dpooled[:, None, :], idx.shape[1], axis=1) / idx.shape[1]
    emb.backward(de)
    return emb.grads["table"], dW


embedding_bag = derivation(
    embedding_loss, embedding_grad, wrt=("table", "W"),
    shapes={"table": ("V", "D"), "W": ("D", "O"), "idx": ("N", "T"), "y": ("N", "O")},
    draws={"idx": ("labels", "V")}, sizes={"V": 4, "D": 3, "O": 2, "N": 5, "T": 3})


# --- global average pooling, then a dense layer ----------------------------------------------


def gap_loss(x, W, b, y):
    return F.mse_loss(x.mean(dim=(2, 3)) @ W + b, y, reduction="sum")


def gap_grad(x, W, b, y):
    H, Wd = x.shape[2:]
    pooled = x.mean(axis=(2, 3))
    fc = Linear(W, b)
    r = 2 * (fc(pooled) - y)
    dpooled = fc.backward(r)
    dx = np.broadcast_to(dpooled[:, :, None, None] / (H * Wd), x.shape)
    return dx, fc.grads["W"], fc.grads["b"]


global_avg_pool = derivation(
    gap_loss, gap_grad, wrt=("x", "W", "b"),
    shapes={"x": ("N", "C", "H", "W"), "W": ("C", "O"), "b": ("O",), "y": ("N", "O")},
    sizes={"N": 3, "C": 4, "H": 3, "W": 2, "O": 2})


# --- dropout with an integer keep mask ------------------------------------------------------

KEEP = 0.8


def dropout_loss(x, W, keep, dout):
    return (dout * ((torch.tanh(x) * keep / KEEP) @ W)).sum()


def dropout_grad(x, W, keep, dout):
    h = np.tanh(x)
    dropped = h * keep / KEEP
    dW = dropped.T @ dout
    ddropped = dout @ W.T
    dh = ddropped * keep / KEEP
    return dh * (1 - h * h), dW


dropout_int_mask = derivation(
    dropout_loss, dropout_grad, wrt=("x", "W"),
    shapes={"x": ("N", "D"), "W": ("D", "O"), "keep": ("N", "D"), "dout": ("N", "O")},
    draws={"keep": ("labels", 2)}, sizes={"N": 6, "D": 5, "O": 3})
