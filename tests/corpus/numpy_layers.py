"""Numpy layers in the style of the classic "deep learning from scratch" book.

Layer classes with ``forward`` and ``backward`` that cache what backward needs on ``self``
(``self.mask``, ``self.out``, ``self.x``), the book's vocabulary (``x, W, b, t, y, dout,
dx, dW, db``), a ReLU that zeroes ``dout`` in place through a boolean mask, SoftmaxWithLoss
with integer labels or one-hot targets, and two-layer networks whose ``gradient`` returns a
dict of parameter gradients. Habits kept on purpose: ``np.zeros`` buffers (float64 whatever
the input), Python float constants, ``np.sum(..., axis=0)``, ``dout=1`` as the start of
backward. Each derivation's loss is the same forward written in torch.
"""

from collections import OrderedDict

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation

# --- functions -----------------------------------------------------------------------------


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def sigmoid_grad(x):
    return (1.0 - sigmoid(x)) * sigmoid(x)


def softmax(x):
    if x.ndim == 2:
        x = x.T
        x = x - np.max(x, axis=0)
        y = np.exp(x) / np.sum(np.exp(x), axis=0)
        return y.T
    x = x - np.max(x)
    return np.exp(x) / np.sum(np.exp(x))


def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:  # one-hot targets: turn them into label indices
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size


# --- layers --------------------------------------------------------------------------------


class MulLayer:
    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x = x
        self.y = y
        out = x * y
        return out

    def backward(self, dout):
        dx = dout * self.y  # x and y swap
        dy = dout * self.x
        return dx, dy


class AddLayer:
    def __init__(self):
        pass

    def forward(self, x, y):
        out = x + y
        return out

    def backward(self, dout):
        dx = dout * 1
        dy = dout * 1
        return dx, dy


class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = (x <= 0)
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout[self.mask] = 0
        dx = dout
        return dx


class Sigmoid:
    def __init__(self):
        self.out = None

    def forward(self, x):
        out = sigmoid(x)
        self.out = out
        return out

    def backward(self, dout):
        dx = dout * (1.0 - self.out) * self.out
        return dx


class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.x = None
        self.original_x_shape = None
        self.dW = None
        self.db = None

    def forward(self, x):
        # works for tensor input too: (N, C, H, W) is flattened to (N, C*H*W)
        self.original_x_shape = x.shape
        x = x.reshape(x.shape[0], -1)
        self.x = x
        out = np.dot(self.x, self.W) + self.b
        return out

    def backward(self, dout):
        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        dx = dx.reshape(*self.original_x_shape)
        return dx


class SoftmaxWithLoss:
    def __init__(self):
        self.loss = None
        self.y = None  # output of softmax
        self.t = None  # labels, or one-hot targets

    def forward(self, x, t):
        self.t = t
        self.y = softmax(x)
        self.loss = cross_entropy_error(self.y, self.t)
        return self.loss

    def backward(self, dout=1):
        batch_size = self.t.shape[0]
        if self.t.size == self.y.size:  # one-hot
            dx = (self.y - self.t) / batch_size
        else:
            dx = self.y.copy()
            dx[np.arange(batch_size), self.t] -= 1
            dx = dx / batch_size
        return dx


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
        self.params = {}
        self.params["W1"] = weight_init_std * np.random.randn(input_size, hidden_size)
        self.params["b1"] = np.zeros(hidden_size)
        self.params["W2"] = weight_init_std * np.random.randn(hidden_size, output_size)
        self.params["b2"] = np.zeros(output_size)

        self.layers = OrderedDict()
        self.layers["Affine1"] = Affine(self.params["W1"], self.params["b1"])
        self.layers["Relu1"] = Relu()
        self.layers["Affine2"] = Affine(self.params["W2"], self.params["b2"])
        self.lastLayer = SoftmaxWithLoss()

    def predict(self, x):
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        y = self.predict(x)
        return self.lastLayer.forward(y, t)

    def gradient(self, x, t):
        # forward
        self.loss(x, t)

        # backward
        dout = 1
        dout = self.lastLayer.backward(dout)
        layers = list(self.layers.values())
        layers.reverse()
        for layer in layers:
            dout = layer.backward(dout)

        grads = {}
        grads["W1"], grads["b1"] = self.layers["Affine1"].dW, self.layers["Affine1"].db
        grads["W2"], grads["b2"] = self.layers["Affine2"].dW, self.layers["Affine2"].db
        return grads


class SimpleTwoLayerNet:
    """The earlier chapter's network: sigmoid hidden layer, gradient written out in full."""

    def __init__(self, W1, b1, W2, b2):
        self.params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}

    def gradient(self, x, t):
        W1, W2 = self.params["W1"], self.params["W2"]
        b1, b2 = self.params["b1"], self.params["b2"]
        grads = {}

        batch_num = x.shape[0]

        # forward
        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        y = softmax(a2)

        # backward
        dy = (y - t) / batch_num
        grads["W2"] = np.dot(z1.T, dy)
        grads["b2"] = np.sum(dy, axis=0)

        da1 = np.dot(dy, W2.T)
        dz1 = sigmoid_grad(a1) * da1
        grads["W1"] = np.dot(x.T, dz1)
        grads["b1"] = np.sum(dz1, axis=0)

        return grads


class MultiLayerNet:
    """Fully connected net, sigmoid activations, weight decay (L2) on every W."""

    def __init__(self, params, weight_decay_lambda=0.1):
        self.params = params
        self.weight_decay_lambda = weight_decay_lambda
        self.hidden_layer_num = len(params) // 2 - 1
        self.layers = OrderedDict()
        for idx in range(1, self.hidden_layer_num + 1):
            self.layers["Affine" + str(idx)] = Affine(self.params["W" + str(idx)],
                                                      self.params["b" + str(idx)])
            self.layers["Activation_function" + str(idx)] = Sigmoid()
        idx = self.hidden_layer_num + 1
        self.layers["Affine" + str(idx)] = Affine(self.params["W" + str(idx)],
                                                  self.params["b" + str(idx)])
        self.last_layer = SoftmaxWithLoss()

    def predict(self, x):
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        y = self.predict(x)
        weight_decay = 0
        for idx in range(1, self.hidden_layer_num + 2):
            W = self.params["W" + str(idx)]
            weight_decay += 0.5 * self.weight_decay_lambda * np.sum(W ** 2)
        return self.last_layer.forward(y, t) + weight_decay

    def gradient(self, x, t):
        self.loss(x, t)

        dout = 1
        dout = self.last_layer.backward(dout)
        layers = list(self.layers.values())
        layers.reverse()
        for layer in layers:
            dout = layer.backward(dout)

        grads = {}
        for idx in range(1, self.hidden_layer_num + 2):
            layer = self.layers["Affine" + str(idx)]
            grads["W" + str(idx)] = layer.dW + self.weight_decay_lambda * layer.W
            grads["b" + str(idx)] = layer.db
        return grads


# --- the derivations: torch loss, gradient by the layers -------------------------------------


def apple_orange_loss(apple, apple_num, orange, orange_num, tax):
    return (apple * apple_num + orange * orange_num) * tax


def apple_orange_grad(apple, apple_num, orange, orange_num, tax):
    mul_apple_layer = MulLayer()
    mul_orange_layer = MulLayer()
    add_apple_orange_layer = AddLayer()
    mul_tax_layer = MulLayer()

    apple_price = mul_apple_layer.forward(apple, apple_num)
    orange_price = mul_orange_layer.forward(orange, orange_num)
    all_price = add_apple_orange_layer.forward(apple_price, orange_price)
    mul_tax_layer.forward(all_price, tax)

    dprice = 1
    dall_price, dtax = mul_tax_layer.backward(dprice)
    dapple_price, dorange_price = add_apple_orange_layer.backward(dall_price)
    dorange, dorange_num = mul_orange_layer.backward(dorange_price)
    dapple, dapple_num = mul_apple_layer.backward(dapple_price)
    return dapple, dapple_num, dorange, dorange_num, dtax


apple_orange = derivation(
    apple_orange_loss, apple_orange_grad,
    wrt=("apple", "apple_num", "orange", "orange_num", "tax"),
    shapes={"apple": (), "apple_num": (), "orange": (), "orange_num": (), "tax": ()})


def relu_loss(x, dout):
    return (dout * torch.relu(x)).sum()


def relu_grad(x, dout):
    layer = Relu()
    layer.forward(x)
    return layer.backward(dout)


relu_layer = derivation(relu_loss, relu_grad, wrt="x",
                        shapes={"x": ("N", "D"), "dout": ("N", "D")}, sizes={"N": 4, "D": 5})


def sigmoid_loss(x, dout):
    return (dout * torch.sigmoid(x)).sum()


def sigmoid_layer_grad(x, dout):
    layer = Sigmoid()
    layer.forward(x)
    return layer.backward(dout)


sigmoid_layer = derivation(sigmoid_loss, sigmoid_layer_grad, wrt="x",
                           shapes={"x": (3, 4), "dout": (3, 4)})


def affine_loss(x, W, b, dout):
    return (dout * (x.reshape(x.shape[0], -1) @ W + b)).sum()


def affine_grad(x, W, b, dout):
    layer = Affine(W, b)
    layer.forward(x)
    dx = layer.backward(dout)
    return dx, layer.dW, layer.db


affine_tensor_input = derivation(
    affine_loss, affine_grad, wrt=("x", "W", "b"),
    shapes={"x": ("N", 2, 3), "W": (6, "M"), "b": ("M",), "dout": ("N", "M")},
    sizes={"N": 3, "M": 4})


def softmax_labels_loss(x, t):
    return F.cross_entropy(x, t)


def softmax_with_loss_grad(x, t):
    layer = SoftmaxWithLoss()
    layer.forward(x, t)
    return layer.backward()


softmax_with_loss_labels = derivation(
    softmax_labels_loss, softmax_with_loss_grad, wrt="x",
    shapes={"x": ("N", "C"), "t": ("N",)}, draws={"t": ("labels", "C")},
    sizes={"N": 4, "C": 3})


def softmax_onehot_loss(x, t):
    return -(t * F.log_softmax(x, dim=1)).sum() / x.shape[0]


softmax_with_loss_onehot = derivation(
    softmax_onehot_loss, softmax_with_loss_grad, wrt="x",
    shapes={"x": (5, 4), "t": (5, 4)}, draws={"t": "onehot"})


def two_layer_net_loss(x, t, W1, b1, W2, b2):
    h = torch.relu(x @ W1 + b1)
    return -(t * F.log_softmax(h @ W2 + b2, dim=1)).sum() / x.shape[0]


def two_layer_net_grad(x, t, W1, b1, W2, b2):
    net = TwoLayerNet(input_size=4, hidden_size=5, output_size=3)
    net.params["W1"][...] = W1
    net.params["b1"][...] = b1
    net.params["W2"][...] = W2
    net.params["b2"][...] = b2
    return net.gradient(x, t)


two_layer_net = derivation(
    two_layer_net_loss, two_layer_net_grad, wrt=("W1", "b1", "W2", "b2"),
    shapes={"x": (3, 4), "t": (3, 3), "W1": (4, 5), "b1": (5,), "W2": (5, 3), "b2": (3,)},
    draws={"t": "onehot"})


def simple_two_layer_loss(x, t, W1, b1, W2, b2):
    z1 = torch.sigmoid(x @ W1 + b1)
    return -(t * F.log_softmax(z1 @ W2 + b2, dim=1)).sum() / x.shape[0]


def simple_two_layer_grad(x, t, W1, b1, W2, b2):
    net = SimpleTwoLayerNet(W1, b1, W2, b2)
    return net.gradient(x, t)


simple_two_layer_net = derivation(
    simple_two_layer_loss, simple_two_layer_grad, wrt=("W1", "b1", "W2", "b2"),
    shapes={"x": ("N", 3), "t": ("N", 2), "W1": (3, 4), "b1": (4,), "W2": (4, 2), "b2": (2,)},
    draws={"t": "onehot"}, sizes={"N": 4})

WEIGHT_DECAY_LAMBDA = 0.1


def multi_layer_net_loss(x, t, W1, b1, W2, b2, W3, b3):
    h1 = torch.sigmoid(x @ W1 + b1)
    h2 = torch.sigmoid(h1 @ W2 + b2)
    decay = sum(0.5 * WEIGHT_DECAY_LAMBDA * (W ** 2).sum() for W in (W1, W2, W3))
    return F.cross_entropy(h2 @ W3 + b3, t) + decay


def multi_layer_net_grad(x, t, W1, b1, W2, b2, W3, b3):
    params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}
    net = MultiLayerNet(params, weight_decay_lambda=WEIGHT_DECAY_LAMBDA)
    return net.gradient(x, t)


multi_layer_net_weight_decay = derivation(
    multi_layer_net_loss, multi_layer_net_grad, wrt=("W1", "b1", "W2", "b2", "W3", "b3"),
    shapes={"x": ("N", 3), "t": ("N",), "W1": (3, 5), "b1": (5,), "W2": (5, 4), "b2": (4,),
            "W3": (4, "C"), "b3": ("C",)},
    draws={"t": ("labels", "C")}, sizes={"N": 4, "C": 3})
