"""Pullback of the transposed convolution in Swift for TensorFlow (tensorflow/swift-apis, Sources/TensorFlow/Operators/NN.swift, _vjpConv2DBackpropInput).

Source: https://github.com/tensorflow/swift-apis/issues/332 ("Another issue with _vjpConv2DBackpropInput").
conv2DBackpropInput(x, filter) (the input gradient of a convolution, used as a transposed convolution)
is declared @differentiable(wrt: (x, filter)), so its pullback must return the gradient for x first and
the one for the filter second. For an upstream gradient v these are conv2D(v, filter) and
conv2DBackpropFilter(x, input: v), but the pullback returned them the other way round, which ended in an
"Incompatible shapes" error during training; swapping them fixed it. The TensorFlow ops are written with
torch (NCHW instead of NHWC, stride 1, valid padding): conv2D is F.conv2d and conv2DBackpropFilter is
torch.nn.grad.conv2d_weight.
Loss: sum(v * conv_transpose2d(x, filter)); x (1, 2, 3, 3), filter (2, 2, 2, 2), v (1, 2, 4, 4).
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, filter, v):
    return (v * F.conv_transpose2d(x, filter)).sum()


def conv2D(v, filter):
    return F.conv2d(v, filter)


def conv2DBackpropFilter(x, input, filterSizes):
    return torch.nn.grad.conv2d_weight(input, filterSizes, x)


def grad(x, filter, v):
    shape = filter.shape
    return (conv2DBackpropFilter(x, input=v, filterSizes=shape), conv2D(v, filter))  # <- wrong


def grad_fixed(x, filter, v):
    shape = filter.shape
    return (conv2D(v, filter), conv2DBackpropFilter(x, input=v, filterSizes=shape))


SPEC = dict(wrt=("x", "filter"), shapes={"x": (1, 2, 3, 3), "filter": (2, 2, 2, 2), "v": (1, 2, 4, 4)})
case = derivation(loss, grad, **SPEC, name="u_convtranspose_01")
CAUSE = "return-order"
FIX = "Return the gradient for x, conv2D(v, filter), first and the filter gradient, conv2DBackpropFilter(x, input: v), second, in the order of wrt: (x, filter)."
