"""Input gradient of a NHWC im2col convolution in wuziheng/CNN-Numpy (layers/base_conv.py, Conv2D.gradient).

Source: https://github.com/wuziheng/CNN-Numpy/issues/2 asks about the backward code
    flip_weights = np.flipud(np.fliplr(self.weights))
    col_flip_weights = flip_weights.reshape([-1, self.input_channels])
and the author answers that "base conv的代码还少一个 swapaxes" (the base conv code is missing a
swapaxes): without it "通过grad check检验一下、不swapaxes算出来的是错的" (a gradient check shows the result
is wrong); the channel axes of the kernel must be transposed, like the W.T of an MLP's backward.
The fixed layers/base_conv.py adds `flip_weights = flip_weights.swapaxes(2, 3)`; here the two lines are
folded into one so the bug is that single line. VALID padding, stride 1, weights (k, k, Cin, Cout).
Loss: sum(G * conv(x)); x (2, 5, 5, 2), weights (3, 3, 2, 3), G (2, 3, 3, 3).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, weights, G):
    out = torch.nn.functional.conv2d(x.permute(0, 3, 1, 2), weights.permute(3, 2, 0, 1))
    return (G * out.permute(0, 2, 3, 1)).sum()


def im2col(image, ksize, stride):
    # image is a 4d tensor([batchsize, width ,height, channel])
    image_col = []
    for i in range(0, image.shape[1] - ksize + 1, stride):
        for j in range(0, image.shape[2] - ksize + 1, stride):
            col = image[:, i:i + ksize, j:j + ksize, :].reshape([-1])
            image_col.append(col)
    image_col = np.array(image_col)
    return image_col


def grad(x, weights, G):
    eta = G
    batchsize, input_channels, ksize, stride = x.shape[0], x.shape[3], weights.shape[0], 1
    pad_eta = np.pad(eta, ((0, 0), (ksize - 1, ksize - 1), (ksize - 1, ksize - 1), (0, 0)),
                     'constant', constant_values=0)
    col_pad_eta = np.array([im2col(pad_eta[i][np.newaxis, :], ksize, stride) for i in range(batchsize)])
    flip_weights = np.flipud(np.fliplr(weights))  # <- wrong
    col_flip_weights = flip_weights.reshape([-1, input_channels])
    next_eta = np.dot(col_pad_eta, col_flip_weights)
    next_eta = np.reshape(next_eta, x.shape)
    return next_eta


def grad_fixed(x, weights, G):
    eta = G
    batchsize, input_channels, ksize, stride = x.shape[0], x.shape[3], weights.shape[0], 1
    pad_eta = np.pad(eta, ((0, 0), (ksize - 1, ksize - 1), (ksize - 1, ksize - 1), (0, 0)),
                     'constant', constant_values=0)
    col_pad_eta = np.array([im2col(pad_eta[i][np.newaxis, :], ksize, stride) for i in range(batchsize)])
    flip_weights = np.flipud(np.fliplr(weights)).swapaxes(2, 3)
    col_flip_weights = flip_weights.reshape([-1, input_channels])
    next_eta = np.dot(col_pad_eta, col_flip_weights)
    next_eta = np.reshape(next_eta, x.shape)
    return next_eta


SPEC = dict(wrt="x", shapes={"x": (2, 5, 5, 2), "weights": (3, 3, 2, 3), "G": (2, 3, 3, 3)})
case = derivation(loss, grad, **SPEC, name="r_conv_23")
CAUSE = "transpose"
FIX = "The flipped kernel's input and output channel axes must be swapped (swapaxes(2, 3)) before it is reshaped to (-1, input_channels)."
