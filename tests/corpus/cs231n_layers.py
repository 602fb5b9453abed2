"""Numpy layers and losses in the style of the CS231n assignments.

Free functions in pairs, ``layer_forward(...) -> (out, cache)`` and ``layer_backward(dout,
cache) -> (dx, dw, ...)``; sandwich layers that chain them; SVM and softmax losses written
twice, once as the naive loop over the batch with ``dW = np.zeros(W.shape)`` and once
vectorised; L2 regularisation ``reg * np.sum(W * W)`` added to the loss and ``2 * reg * W``
(or ``0.5 * reg`` and ``reg * W``) to the gradient; a max-pooling layer as four nested
loops. Habits kept on purpose: float64 buffers, ``np.maximum(0, x)``, masks made with ``>``
and ``>=``, ``.astype(float)``, in-place ``+=`` into slices.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation

# --- layers --------------------------------------------------------------------------------


def affine_forward(x, w, b):
    """x (N, d_1, ..., d_k), w (D, M), b (M,) -> out (N, M), cache."""
    N = x.shape[0]
    out = x.reshape(N, -1).dot(w) + b
    cache = (x, w, b)
    return out, cache


def affine_backward(dout, cache):
    x, w, _ = cache
    N = x.shape[0]
    dx = dout.dot(w.T).reshape(x.shape)
    dw = x.reshape(N, -1).T.dot(dout)
    db = np.sum(dout, axis=0)
    return dx, dw, db


def relu_forward(x):
    out = np.maximum(0, x)
    cache = x
    return out, cache


def relu_backward(dout, cache):
    x = cache
    dx = dout * (x > 0)
    return dx


def affine_relu_forward(x, w, b):
    a, fc_cache = affine_forward(x, w, b)
    out, relu_cache = relu_forward(a)
    cache = (fc_cache, relu_cache)
    return out, cache


def affine_relu_backward(dout, cache):
    fc_cache, relu_cache = cache
    da = relu_backward(dout, relu_cache)
    dx, dw, db = affine_backward(da, fc_cache)
    return dx, dw, db


def softmax_loss(x, y):
    """Softmax loss of scores x (N, C) for labels y (N,): loss and dx."""
    shifted_logits = x - np.max(x, axis=1, keepdims=True)
    Z = np.sum(np.exp(shifted_logits), axis=1, keepdims=True)
    log_probs = shifted_logits - np.log(Z)
    probs = np.exp(log_probs)
    N = x.shape[0]
    loss = -np.sum(log_probs[np.arange(N), y]) / N
    dx = probs.copy()
    dx[np.arange(N), y] -= 1
    dx /= N
    return loss, dx


def max_pool_forward_naive(x, pool_param):
    N, C, H, W = x.shape
    ph, pw = pool_param["pool_height"], pool_param["pool_width"]
    stride = pool_param["stride"]
    H_out = 1 + (H - ph) // stride
    W_out = 1 + (W - pw) // stride
    out = np.zeros((N, C, H_out, W_out))
    for n in range(N):
        for c in range(C):
            for i in range(H_out):
                for j in range(W_out):
                    window = x[n, c, i * stride:i * stride + ph, j * stride:j * stride + pw]
                    out[n, c, i, j] = np.max(window)
    cache = (x, pool_param)
    return out, cache


def max_pool_backward_naive(dout, cache):
    x, pool_param = cache
    N, C, H, W = x.shape
    ph, pw = pool_param["pool_height"], pool_param["pool_width"]
    stride = pool_param["stride"]
    H_out = 1 + (H - ph) // stride
    W_out = 1 + (W - pw) // stride
    dx = np.zeros_like(x)
    for n in range(N):
        for c in range(C):
            for i in range(H_out):
                for j in range(W_out):
                    window = x[n, c, i * stride:i * stride + ph, j * stride:j * stride + pw]
                    r, s = np.unravel_index(np.argmax(window), window.shape)
                    dx[n, c, i * stride + r, j * stride + s] += dout[n, c, i, j]
    return dx


# --- linear classifiers ----------------------------------------------------------------------

REG = 0.05


def svm_loss_naive(W, X, y, reg):
    dW = np.zeros(W.shape)  # initialize the gradient as zero

    num_classes = W.shape[1]
    num_train = X.shape[0]
    loss = 0.0
    for i in range(num_train):
        scores = X[i].dot(W)
        correct_class_score = scores[y[i]]
        for j in range(num_classes):
            if j == y[i]:
                continue
            margin = scores[j] - correct_class_score + 1  # note delta = 1
            if margin > 0:
                loss += margin
                dW[:, j] += X[i]
                dW[:, y[i]] -= X[i]

    loss /= num_train
    dW /= num_train

    loss += reg * np.sum(W * W)
    dW += 2 * reg * W
    return loss, dW


def svm_loss_vectorized(W, X, y, reg):
    num_train = X.shape[0]
    scores = X.dot(W)
    correct_class_scores = scores[np.arange(num_train), y].reshape(-1, 1)
    margins = np.maximum(0, scores - correct_class_scores + 1.0)
    margins[np.arange(num_train), y] = 0
    loss = np.sum(margins) / num_train + reg * np.sum(W * W)

    binary = (margins > 0).astype(float)
    row_sum = np.sum(binary, axis=1)
    binary[np.arange(num_train), y] = -row_sum
    dW = X.T.dot(binary) / num_train + 2 * reg * W
    return loss, dW


def softmax_loss_naive(W, X, y, reg):
    loss = 0.0
    dW = np.zeros_like(W)

    num_train = X.shape[0]
    num_classes = W.shape[1]
    for i in range(num_train):
        scores = X[i].dot(W)
        scores -= np.max(scores)  # numeric stability
        p = np.exp(scores) / np.sum(np.exp(scores))
        loss += -np.log(p[y[i]])
        for j in range(num_classes):
            dW[:, j] += (p[j] - (j == y[i])) * X[i]

    loss /= num_train
    dW /= num_train
    loss += 0.5 * reg * np.sum(W * W)
    dW += reg * W
    return loss, dW


def softmax_loss_vectorized(W, X, y, reg):
    num_train = X.shape[0]
    scores = X.dot(W)
    scores -= scores.max(axis=1, keepdims=True)
    probs = np.exp(scores)
    probs /= probs.sum(axis=1, keepdims=True)
    loss = -np.log(probs[np.arange(num_train), y]).sum() / num_train
    loss += 0.5 * reg * np.sum(W * W)

    dscores = probs
    dscores[np.arange(num_train), y] -= 1
    dW = X.T.dot(dscores) / num_train + reg * W
    return loss, dW


class TwoLayerNet:
    """affine - relu - affine - softmax, with L2 regularisation 0.5 * reg * sum(W^2)."""

    def __init__(self, input_dim=4, hidden_dim=6, num_classes=3, weight_scale=1e-3, reg=0.0):
        self.params = {}
        self.reg = reg
        self.params["W1"] = weight_scale * np.random.randn(input_dim, hidden_dim)
        self.params["b1"] = np.zeros(hidden_dim)
        self.params["W2"] = weight_scale * np.random.randn(hidden_dim, num_classes)
        self.params["b2"] = np.zeros(num_classes)

    def loss(self, X, y=None):
        W1, b1 = self.params["W1"], self.params["b1"]
        W2, b2 = self.params["W2"], self.params["b2"]
        hidden, cache1 = affine_relu_forward(X, W1, b1)
        scores, cache2 = affine_forward(hidden, W2, b2)
        if y is None:
            return scores

        loss, grads = 0, {}
        loss, dscores = softmax_loss(scores, y)
        loss += 0.5 * self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

        dhidden, grads["W2"], grads["b2"] = affine_backward(dscores, cache2)
        grads["W2"] += self.reg * W2
        _, grads["W1"], grads["b1"] = affine_relu_backward(dhidden, cache1)
        grads["W1"] += self.reg * W1
        return loss, grads


# --- the derivations -----------------------------------------------------------------------


def affine_loss(x, w, b, dout):
    return (dout * (x.flatten(1) @ w + b)).sum()


def affine_grad(x, w, b, dout):
    _, cache = affine_forward(x, w, b)
    return affine_backward(dout, cache)


affine = derivation(affine_loss, affine_grad, wrt=("x", "w", "b"),
                    shapes={"x": (2, 3, 2), "w": (6, 5), "b": (5,), "dout": (2, 5)})


def relu_loss(x, dout):
    return (dout * torch.relu(x)).sum()


def relu_grad(x, dout):
    _, cache = relu_forward(x)
    return relu_backward(dout, cache)


relu = derivation(relu_loss, relu_grad, wrt="x", shapes={"x": (6, 6), "dout": (6, 6)})


def affine_relu_loss(x, w, b, dout):
    return (dout * torch.relu(x @ w + b)).sum()


def affine_relu_grad(x, w, b, dout):
    _, cache = affine_relu_forward(x, w, b)
    return affine_relu_backward(dout, cache)


affine_relu = derivation(
    affine_relu_loss, affine_relu_grad, wrt=("x", "w", "b"),
    shapes={"x": ("N", "D"), "w": ("D", "M"), "b": ("M",), "dout": ("N", "M")},
    sizes={"N": 4, "D": 5, "M": 6})


def softmax_scores_loss(x, y):
    return F.cross_entropy(x, y)


def softmax_scores_grad(x, y):
    _, dx = softmax_loss(x, y)
    return dx


softmax_loss_layer = derivation(
    softmax_scores_loss, softmax_scores_grad, wrt="x",
    shapes={"x": ("N", "C"), "y": ("N",)}, draws={"y": ("labels", "C")},
    sizes={"N": 5, "C": 4})


def svm_torch_loss(W, X, y):
    scores = X @ W
    correct = scores.gather(1, y[:, None])
    margins = torch.clamp(scores - correct + 1, min=0)
    margins = margins * (1 - F.one_hot(y, W.shape[1]))
    return margins.sum() / X.shape[0] + REG * (W * W).sum()


def svm_naive_grad(W, X, y):
    _, dW = svm_loss_naive(W, X, y, REG)
    return dW


def svm_vectorized_grad(W, X, y):
    _, dW = svm_loss_vectorized(W, X, y, REG)
    return dW


svm_naive = derivation(svm_torch_loss, svm_naive_grad, wrt="W",
                       shapes={"W": ("D", "C"), "X": ("N", "D"), "y": ("N",)},
                       draws={"y": ("labels", "C")}, sizes={"N": 5, "D": 4, "C": 3})

svm_vectorized = derivation(svm_torch_loss, svm_vectorized_grad, wrt="W",
                            shapes={"W": (6, 4), "X": (8, 6), "y": (8,)},
                            draws={"y": ("labels", 4)})


def softmax_torch_loss(W, X, y):
    return F.cross_entropy(X @ W, y) + 0.5 * REG * (W * W).sum()


def softmax_naive_grad(W, X, y):
    _, dW = softmax_loss_naive(W, X, y, REG)
    return dW


def softmax_vectorized_grad(W, X, y):
    _, dW = softmax_loss_vectorized(W, X, y, REG)
    return dW


softmax_naive = derivation(softmax_torch_loss, softmax_naive_grad, wrt="W",
                           shapes={"W": ("D", "C"), "X": ("N", "D"), "y": ("N",)},
                           draws={"y": ("labels", "C")}, sizes={"N": 4, "D": 5, "C": 3})

softmax_vectorized = derivation(softmax_torch_loss, softmax_vectorized_grad, wrt="W",
                                shapes={"W": (5, 5), "X": (6, 5), "y": (6,)},
                                draws={"y": ("labels", 5)})


def two_layer_net_loss(X, y, W1, b1, W2, b2):
    scores = torch.relu(X @ W1 + b1) @ W2 + b2
    return F.cross_entropy(scores, y) + 0.5 * REG * ((W1 * W1).sum() + (W2 * W2).sum())


def two_layer_net_grad(X, y, W1, b1, W2, b2):
    model = TwoLayerNet(input_dim=4, hidden_dim=6, num_classes=3, reg=REG)
    model.params.update(W1=W1, b1=b1, W2=W2, b2=b2)
    _, grads = model.loss(X, y)
    return grads


two_layer_net = derivation(
    two_layer_net_loss, two_layer_net_grad, wrt=("W1", "b1", "W2", "b2"),
    shapes={"X": ("N", 4), "y": ("N",), "W1": (4, 6), "b1": (6,), "W2": (6, 3), "b2": (3,)},
    draws={"y": ("labels", 3)}, sizes={"N": 5})

POOL_PARAM = {"pool_height": 2, "pool_width": 2, "stride": 2}


def max_pool_loss(x, dout):
    return (dout * F.max_pool2d(x, kernel_size=2, stride=2)).sum()


def max_pool_grad(x, dout):
    _, cache = max_pool_forward_naive(x, POOL_PARAM)
    return max_pool_backward_naive(dout, cache)


max_pool_naive = derivation(max_pool_loss, max_pool_grad, wrt="x",
                            shapes={"x": (2, 1, 4, 6), "dout": (2, 1, 2, 3)})
