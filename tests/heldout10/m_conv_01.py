"""A 3 x 3 convolution (no padding, stride 1) trained with F.mse_loss, im2col backward in torch:
out = conv2d(x, weight), L = F.mse_loss(out, target);
x (2, 3, 5, 5), weight (4, 3, 3, 3), target (2, 4, 3, 3).
"""

import torch.nn.functional as F

from verify import derivation


def loss(x, weight, target):
    return F.mse_loss(F.conv2d(x, weight), target)


def grad(x, weight, target):
    N = x.shape[0]
    n_filters, _, K, _ = weight.shape
    cols = F.unfold(x, K)
    out = weight.reshape(n_filters, -1) @ cols
    diff = out - target.reshape(N, n_filters, -1)
    dout = diff / out.numel()  # <- wrong
    dW = (dout @ cols.transpose(1, 2)).sum(0)
    return dW.reshape(weight.shape)


def grad_fixed(x, weight, target):
    N = x.shape[0]
    n_filters, _, K, _ = weight.shape
    cols = F.unfold(x, K)
    out = weight.reshape(n_filters, -1) @ cols
    diff = out - target.reshape(N, n_filters, -1)
    dout = 2 * diff / out.numel()
    dW = (dout @ cols.transpose(1, 2)).sum(0)
    return dW.reshape(weight.shape)


SPEC = dict(wrt="weight",
            shapes={"x": (2, 3, 5, 5), "weight": (4, 3, 3, 3), "target": (2, 4, 3, 3)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_conv_01")
CAUSE = "mse-convention"
FIX = "F.mse_loss has no 1/2 in front, so dout = 2 (out - target) / numel."
