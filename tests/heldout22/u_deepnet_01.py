"""L_model_backward of the deeplearning.ai "Building your Deep Neural Network: Step by Step" assignment (AlbertHG/Coursera-Deep-Learning-deeplearning.ai, 01-Neural Networks and Deep Learning/week4/answer-Building your Deep Neural Network-Step by Step.ipynb).

Source: https://github.com/AlbertHG/Coursera-Deep-Learning-deeplearning.ai/issues/5 ("第一张第4周作业答案有问题",
the week-4 answer has a problem). In the loop over the hidden [LINEAR -> RELU] layers the answer
passes grads["dA" + str(L)], the gradient that arrived from the output layer, to every hidden layer,
where layer l + 1 needs grads["dA" + str(l + 2)], the one the layer above it just produced; the
reporter's version also takes caches[l] instead of caches[L - 2 - l] (kept corrected here, so that
the dA key carries the bug). The assignment's helper functions are kept; samples are columns.
Loss: -1/m sum(Y log AL + (1 - Y) log(1 - AL)) for [LINEAR->RELU] x 2 -> LINEAR->SIGMOID; X (3, 4).
"""

import numpy as np
import torch

from verify import derivation


def loss(W1, b1, W2, b2, W3, b3, X, Y):
    A1 = torch.relu(W1 @ X + b1)
    A2 = torch.relu(W2 @ A1 + b2)
    AL = torch.sigmoid(W3 @ A2 + b3)
    m = Y.shape[1]
    return -(Y * torch.log(AL) + (1 - Y) * torch.log(1 - AL)).sum() / m


def linear_activation_forward(A_prev, W, b, activation):
    Z = np.dot(W, A_prev) + b
    A = 1 / (1 + np.exp(-Z)) if activation == "sigmoid" else np.maximum(0, Z)
    return A, ((A_prev, W, b), Z)


def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db


def linear_activation_backward(dA, cache, activation):
    linear_cache, Z = cache
    if activation == "relu":
        dZ = np.array(dA, copy=True)
        dZ[Z <= 0] = 0
    else:
        s = 1 / (1 + np.exp(-Z))
        dZ = dA * s * (1 - s)
    return linear_backward(dZ, linear_cache)


def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)], "sigmoid")
    caches.append(cache)
    return AL, caches


def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = - (np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    current_cache = caches[L - 1]
    grads["dA" + str(L)], grads["dW" + str(L)], grads["db" + str(L)] = linear_activation_backward(dAL, current_cache, activation="sigmoid")
    for l in reversed(range(L - 1)):
        current_cache = caches[l]
        dA_prev_temp, dW_temp, db_temp = linear_activation_backward(grads["dA" + str(L)], current_cache, activation="relu")  # <- wrong
        grads["dA" + str(l + 1)] = dA_prev_temp
        grads["dW" + str(l + 1)] = dW_temp
        grads["db" + str(l + 1)] = db_temp
    return grads


def L_model_backward_fixed(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = - (np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    current_cache = caches[L - 1]
    grads["dA" + str(L)], grads["dW" + str(L)], grads["db" + str(L)] = linear_activation_backward(dAL, current_cache, activation="sigmoid")
    for l in reversed(range(L - 1)):
        current_cache = caches[l]
        dA_prev_temp, dW_temp, db_temp = linear_activation_backward(grads["dA" + str(l + 2)], current_cache, activation="relu")
        grads["dA" + str(l + 1)] = dA_prev_temp
        grads["dW" + str(l + 1)] = dW_temp
        grads["db" + str(l + 1)] = db_temp
    return grads


def grad(W1, b1, W2, b2, W3, b3, X, Y):
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}
    AL, caches = L_model_forward(X, parameters)
    grads = L_model_backward(AL, Y, caches)
    return grads["dW1"], grads["db1"], grads["dW2"], grads["db2"], grads["dW3"], grads["db3"]


def grad_fixed(W1, b1, W2, b2, W3, b3, X, Y):
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}
    AL, caches = L_model_forward(X, parameters)
    grads = L_model_backward_fixed(AL, Y, caches)
    return grads["dW1"], grads["db1"], grads["dW2"], grads["db2"], grads["dW3"], grads["db3"]


SPEC = dict(wrt=("W1", "b1", "W2", "b2", "W3", "b3"),
            shapes={"W1": (3, 3), "b1": (3, 1), "W2": (3, 3), "b2": (3, 1), "W3": (1, 3), "b3": (1, 1),
                    "X": (3, 4), "Y": (1, 4)},
            draws={"Y": "uniform"})
case = derivation(loss, grad, **SPEC, name="u_deepnet_01")
CAUSE = "wrong-layer"
FIX = "Pass each hidden layer the gradient of its own output, grads['dA' + str(l + 2)], not the one from the output layer, grads['dA' + str(L)]."
