"""fanghao6666/neural-networks-and-deep-learning PR #7
(https://github.com/fanghao6666/neural-networks-and-deep-learning/pull/7), "Building your Deep Neural
Network Step by Step", L_model_backward: "1st input to the linear_activation_backward should be
grads["dA" + str(l+1)] not grads["dA" + str(L)]": every hidden layer was fed the gradient of the
last hidden layer instead of the one just computed for the layer above it (written here in the
file's v3 indexing, where that gradient is grads["dA" + str(l + 2)]).
[LINEAR->RELU] x 2 -> LINEAR -> SIGMOID, cross-entropy cost averaged over m = 4 examples;
X (3, 4), Y (1, 4), W1 (4, 3), b1 (4, 1), W2 (4, 4), b2 (4, 1), W3 (1, 4), b3 (1, 1)
(both hidden layers of width 4, so that the wrong gradient has the right shape and runs).
"""

import numpy as np
import torch

from verify import derivation


def loss(W1, b1, W2, b2, W3, b3, X, Y):
    A1 = torch.relu(W1 @ X + b1)
    A2 = torch.relu(W2 @ A1 + b2)
    AL = torch.sigmoid(W3 @ A2 + b3)
    return -(Y * torch.log(AL) + (1 - Y) * torch.log(1 - AL)).mean()


def linear_activation_backward(dA, cache, activation):
    (A_prev, W, b), Z = cache
    if activation == "relu":
        dZ = dA * (Z > 0)
    else:
        s = 1 / (1 + np.exp(-Z))
        dZ = dA * s * (1 - s)
    m = A_prev.shape[1]
    dW = 1. / m * np.dot(dZ, A_prev.T)
    db = 1. / m * np.sum(dZ, axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db


def grad(W1, b1, W2, b2, W3, b3, X, Y):
    params = [(W1, b1), (W2, b2), (W3, b3)]
    caches, A = [], X
    for l, (W, b) in enumerate(params):
        Z = np.dot(W, A) + b
        caches.append(((A, W, b), Z))
        A = np.maximum(0, Z) if l < 2 else 1 / (1 + np.exp(-Z))
    AL = A
    grads = {}
    L = len(caches)
    dAL = - (np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    current_cache = caches[L-1]
    grads["dA" + str(L)], grads["dW" + str(L)], grads["db" + str(L)] = linear_activation_backward(dAL, current_cache, activation="sigmoid")
    for l in reversed(range(L-1)):
        current_cache = caches[l]
        dA_prev_temp, dW_temp, db_temp = linear_activation_backward(grads["dA" + str(L)], current_cache, activation="relu")  # <- wrong
        grads["dA" + str(l + 1)] = dA_prev_temp
        grads["dW" + str(l + 1)] = dW_temp
        grads["db" + str(l + 1)] = db_temp
    return grads["dW1"], grads["db1"], grads["dW2"], grads["db2"], grads["dW3"], grads["db3"]


def grad_fixed(W1, b1, W2, b2, W3, b3, X, Y):
    params = [(W1, b1), (W2, b2), (W3, b3)]
    caches, A = [], X
    for l, (W, b) in enumerate(params):
        Z = np.dot(W, A) + b
        caches.append(((A, W, b), Z))
        A = np.maximum(0, Z) if l < 2 else 1 / (1 + np.exp(-Z))
    AL = A
    grads = {}
    L = len(caches)
    dAL = - (np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    current_cache = caches[L-1]
    grads["dA" + str(L)], grads["dW" + str(L)], grads["db" + str(L)] = linear_activation_backward(dAL, current_cache, activation="sigmoid")
    for l in reversed(range(L-1)):
        current_cache = caches[l]
        dA_prev_temp, dW_temp, db_temp = linear_activation_backward(grads["dA" + str(l + 2)], current_cache, activation="relu")
        grads["dA" + str(l + 1)] = dA_prev_temp
        grads["dW" + str(l + 1)] = dW_temp
        grads["db" + str(l + 1)] = db_temp
    return grads["dW1"], grads["db1"], grads["dW2"], grads["db2"], grads["dW3"], grads["db3"]


SPEC = dict(wrt=("W1", "b1", "W2", "b2", "W3", "b3"),
            shapes={"W1": (4, 3), "b1": (4, 1), "W2": (4, 4), "b2": (4, 1), "W3": (1, 4), "b3": (1, 1),
                    "X": (3, 4), "Y": (1, 4)},
            draws={"Y": "uniform"})
case = derivation(loss, grad, **SPEC, name="q_lmodel_27")
CAUSE = "wrong-layer"
FIX = "Layer l + 1 must be fed the gradient of its own output, grads['dA' + str(l + 2)], not that of the last hidden layer."
