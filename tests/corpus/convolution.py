"""Convolution and max pooling by im2col, in the style of the classic "deep learning from
scratch" book.

``im2col`` unrolls every receptive field of an (N, C, H, W) batch into a row, so that a
convolution is one ``np.dot`` and a max pooling one ``np.max`` over rows; ``col2im`` adds
the rows back into an image for the backward pass. The layers cache ``x``, ``col`` and
``arg_max`` on ``self``. The unrolled buffers are ``np.zeros`` (float64 whatever the input);
pooling's backward scatters ``dout`` through ``np.argmax``.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def im2col(input_data, filter_h, filter_w, stride=1, pad=0):
    """(N, C, H, W) -> (N*out_h*out_w, C*filter_h*filter_w)."""
    N, C, H, W = input_data.shape
    out_h = (H + 2 * pad - filter_h) // stride + 1
    out_w = (W + 2 * pad - filter_w) // stride + 1

    img = np.pad(input_data, [(0, 0), (0, 0), (pad, pad), (pad, pad)], "constant")
    col = np.zeros((N, C, filter_h, filter_w, out_h, out_w))

    for y in range(filter_h):
        y_max = y + stride * out_h
        for x in range(filter_w):
            x_max = x + stride * out_w
            col[:, :, y, x, :, :] = img[:, :, y:y_max:stride, x:x_max:stride]

    col = col.transpose(0, 4, 5, 1, 2, 3).reshape(N * out_h * out_w, -1)
    return col


def col2im(col, input_shape, filter_h, filter_w, stride=1, pad=0):
    """The adjoint of im2col: rows back into an (N, C, H, W) image, overlaps added."""
    N, C, H, W = input_shape
    out_h = (H + 2 * pad - filter_h) // stride + 1
    out_w = (W + 2 * pad - filter_w) // stride + 1
    col = col.reshape(N, out_h, out_w, C, filter_h, filter_w).transpose(0, 3, 4, 5, 1, 2)

    img = np.zeros((N, C, H + 2 * pad + stride - 1, W + 2 * pad + stride - 1))
    for y in range(filter_h):
        y_max = y + stride * out_h
        for x in range(filter_w):
            x_max = x + stride * out_w
            img[:, :, y:y_max:stride, x:x_max:stride] += col[:, :, y, x, :, :]

    return img[:, :, pad:H + pad, pad:W + pad]


class Convolution:
    def __init__(self, W, b, stride=1, pad=0):
        self.W = W
        self.b = b
        self.stride = stride
        self.pad = pad

        # intermediate data (used in backward)
        self.x = None
        self.col = None
        self.col_W = None

        # gradients of the weights and the bias
        self.dW = None
        self.db = None

    def forward(self, x):
        FN, _, FH, FW = self.W.shape
        N, _, H, W = x.shape
        out_h = 1 + int((H + 2 * self.pad - FH) / self.stride)
        out_w = 1 + int((W + 2 * self.pad - FW) / self.stride)

        col = im2col(x, FH, FW, self.stride, self.pad)
        col_W = self.W.reshape(FN, -1).T

        out = np.dot(col, col_W) + self.b
        out = out.reshape(N, out_h, out_w, -1).transpose(0, 3, 1, 2)

        self.x = x
        self.col = col
        self.col_W = col_W
        return out

    def backward(self, dout):
        FN, C, FH, FW = self.W.shape
        dout = dout.transpose(0, 2, 3, 1).reshape(-1, FN)

        self.db = np.sum(dout, axis=0)
        self.dW = np.dot(self.col.T, dout)
        self.dW = self.dW.transpose(1, 0).reshape(FN, C, FH, FW)

        dcol = np.dot(dout, self.col_W.T)
        dx = col2im(dcol, self.x.shape, FH, FW, self.stride, self.pad)
        return dx


class Pooling:
    def __init__(self, pool_h, pool_w, stride=2, pad=0):
        self.pool_h = pool_h
        self.pool_w = pool_w
        self.stride = stride
        self.pad = pad

        self.x = None
        self.arg_max = None

    def forward(self, x):
        N, C, H, W = x.shape
        out_h = int(1 + (H - self.pool_h) / self.stride)
        out_w = int(1 + (W - self.pool_w) / self.stride)

        col = im2col(x, self.pool_h, self.pool_w, self.stride, self.pad)
        col = col.reshape(-1, self.pool_h * self.pool_w)

        arg_max = np.argmax(col, axis=1)
        out = np.max(col, axis=1)
        out = out.reshape(N, out_h, out_w, C).transpose(0, 3, 1, 2)

        self.x = x
        self.arg_max = arg_max
        return out

    def backward(self, dout):
        dout = dout.transpose(0, 2, 3, 1)

        pool_size = self.pool_h * self.pool_w
        dmax = np.zeros((dout.size, pool_size))
        dmax[np.arange(self.arg_max.size), self.arg_max.flatten()] = dout.flatten()
        dmax = dmax.reshape((*dout.shape, pool_size))

        dcol = dmax.reshape(dmax.shape[0] * dmax.shape[1] * dmax.shape[2], -1)
        dx = col2im(dcol, self.x.shape, self.pool_h, self.pool_w, self.stride, self.pad)
        return dx


# --- the derivations -----------------------------------------------------------------------


def conv_loss(x, W, b, dout):
    return (dout * F.conv2d(x, W, b, stride=2, padding=1)).sum()


def conv_grad(x, W, b, dout):
    layer = Convolution(W, b, stride=2, pad=1)
    layer.forward(x)
    dx = layer.backward(dout)
    return dx, layer.dW, layer.db


convolution_im2col = derivation(
    conv_loss, conv_grad, wrt=("x", "W", "b"),
    shapes={"x": (2, 2, 4, 4), "W": (3, 2, 3, 3), "b": (3,), "dout": (2, 3, 2, 2)})


def conv_same_loss(x, W, b, dout):
    return (dout * F.conv2d(x, W, b, stride=1, padding=0)).sum()


def conv_same_grad(x, W, b, dout):
    layer = Convolution(W, b)
    layer.forward(x)
    dx = layer.backward(dout)
    return dx, layer.dW, layer.db


convolution_rectangular = derivation(
    conv_same_loss, conv_same_grad, wrt=("x", "W", "b"),
    shapes={"x": ("N", 1, 3, 5), "W": (2, 1, 2, 3), "b": (2,), "dout": ("N", 2, 2, 3)},
    sizes={"N": 3})


def pool_loss(x, dout):
    return (dout * F.max_pool2d(x, kernel_size=2, stride=2)).sum()


def pool_grad(x, dout):
    layer = Pooling(2, 2, stride=2)
    layer.forward(x)
    return layer.backward(dout)


max_pooling_im2col = derivation(pool_loss, pool_grad, wrt="x",
                                shapes={"x": (2, 3, 4, 4), "dout": (2, 3, 2, 2)})
