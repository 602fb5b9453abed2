"""Deep networks in the style of a popular deep learning course's numpy assignments.

Examples are columns: ``X`` is ``(n_x, m)``, ``Y`` is ``(1, m)`` with labels 0 and 1, each
``W[l]`` is ``(n[l], n[l-1])`` and each ``b[l]`` a column ``(n[l], 1)``. Activations return
``(A, cache)``, ``linear_forward`` returns ``(Z, cache)``; ``linear_backward`` divides by ``m``
and keeps the bias gradient a column (``keepdims=True``), ``relu_backward`` copies ``dA`` and
zeroes it where ``Z <= 0``, and ``L_model_backward`` starts from
``dAL = -(Y / AL - (1 - Y) / (1 - AL))`` and fills ``grads["dW" + str(l)]``. Also: the
one-hidden-layer tanh classifier, logistic regression's ``propagate`` with a scalar bias,
L2 regularisation ``lambd / m * W``, inverted dropout with its masks ``D1, D2`` given,
a softmax output over classes as rows, and the gradient-checking assignment's network whose
parameters travel as one vector ``theta``.
"""

# ruff: noqa: RUF059, SIM108  (the assignments unpack whole caches and keep their if-else)

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation

# --- building blocks ---------------------------------------------------------------------------


def sigmoid(Z):
    A = 1 / (1 + np.exp(-Z))
    cache = Z
    return A, cache


def relu(Z):
    A = np.maximum(0, Z)
    cache = Z
    return A, cache


def relu_backward(dA, cache):
    Z = cache
    dZ = np.array(dA, copy=True)  # just converting dz to a correct object.
    dZ[Z <= 0] = 0
    return dZ


def sigmoid_backward(dA, cache):
    Z = cache
    s = 1 / (1 + np.exp(-Z))
    dZ = dA * s * (1 - s)
    return dZ


def linear_forward(A, W, b):
    Z = np.dot(W, A) + b
    cache = (A, W, b)
    return Z, cache


def linear_activation_forward(A_prev, W, b, activation):
    if activation == "sigmoid":
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = sigmoid(Z)
    elif activation == "relu":
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = relu(Z)
    cache = (linear_cache, activation_cache)
    return A, cache


def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = 1. / m * np.dot(dZ, A_prev.T)
    db = 1. / m * np.sum(dZ, axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db


def linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache
    if activation == "relu":
        dZ = relu_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
    return dA_prev, dW, db


def bce_cost_torch(AL, Y):
    m = Y.shape[1]
    return -(Y * torch.log(AL) + (1 - Y) * torch.log(1 - AL)).sum() / m


# --- two-layer model: LINEAR -> RELU -> LINEAR -> SIGMOID -------------------------------------


def two_layer_cost(X, Y, W1, b1, W2, b2):
    A1 = torch.relu(W1 @ X + b1)
    A2 = torch.sigmoid(W2 @ A1 + b2)
    return bce_cost_torch(A2, Y)


def two_layer_grads(X, Y, W1, b1, W2, b2):
    grads = {}
    A1, cache1 = linear_activation_forward(X, W1, b1, activation="relu")
    A2, cache2 = linear_activation_forward(A1, W2, b2, activation="sigmoid")
    dA2 = - (np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
    dA1, dW2, db2 = linear_activation_backward(dA2, cache2, activation="sigmoid")
    dA0, dW1, db1 = linear_activation_backward(dA1, cache1, activation="relu")
    grads['dW1'] = dW1
    grads['db1'] = db1
    grads['dW2'] = dW2
    grads['db2'] = db2
    return grads['dW1'], grads['db1'], grads['dW2'], grads['db2']


two_layer_model = derivation(
    two_layer_cost, two_layer_grads, wrt=("W1", "b1", "W2", "b2"),
    shapes={"X": ("n_x", "m"), "Y": (1, "m"), "W1": ("n_h", "n_x"), "b1": ("n_h", 1),
            "W2": (1, "n_h"), "b2": (1, 1)},
    draws={"Y": ("labels", 2)}, sizes={"n_x": 4, "n_h": 5, "m": 6})


# --- L-layer model: [LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID -----------------------------


def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2  # number of layers in the neural network
    for l in range(1, L):
        A_prev = A
        A, cache = linear_activation_forward(A_prev, parameters['W' + str(l)],
                                             parameters['b' + str(l)], activation="relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters['W' + str(L)], parameters['b' + str(L)],
                                          activation="sigmoid")
    caches.append(cache)
    return AL, caches


def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)  # the number of layers
    Y = Y.reshape(AL.shape)  # after this line, Y is the same shape as AL
    dAL = - (np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    current_cache = caches[L - 1]
    grads["dA" + str(L - 1)], grads["dW" + str(L)], grads["db" + str(L)] = \
        linear_activation_backward(dAL, current_cache, activation="sigmoid")
    for l in reversed(range(L - 1)):
        current_cache = caches[l]
        dA_prev_temp, dW_temp, db_temp = linear_activation_backward(
            grads["dA" + str(l + 1)], current_cache, activation="relu")
        grads["dA" + str(l)] = dA_prev_temp
        grads["dW" + str(l + 1)] = dW_temp
        grads["db" + str(l + 1)] = db_temp
    return grads


def deep_cost(X, Y, W1, b1, W2, b2, W3, b3):
    A = torch.relu(W1 @ X + b1)
    A = torch.relu(W2 @ A + b2)
    AL = torch.sigmoid(W3 @ A + b3)
    return bce_cost_torch(AL, Y.reshape(AL.shape))


def deep_grads(X, Y, W1, b1, W2, b2, W3, b3):
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}
    AL, caches = L_model_forward(X, parameters)
    grads = L_model_backward(AL, Y, caches)
    return [grads["d" + key] for key in parameters]


L_layer_model = derivation(
    deep_cost, deep_grads, wrt=("W1", "b1", "W2", "b2", "W3", "b3"),
    shapes={"X": ("n0", "m"), "Y": ("m",), "W1": ("n1", "n0"), "b1": ("n1", 1),
            "W2": ("n2", "n1"), "b2": ("n2", 1), "W3": (1, "n2"), "b3": (1, 1)},
    draws={"Y": ("labels", 2)}, sizes={"n0": 5, "n1": 4, "n2": 3, "m": 7})


# --- 3-layer model with L2 regularisation ------------------------------------------------------

LAMBD = 0.7


def forward_propagation(X, parameters):
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    Z1 = np.dot(W1, X) + b1
    A1, _ = relu(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2, _ = relu(Z2)
    Z3 = np.dot(W3, A2) + b3
    A3, _ = sigmoid(Z3)
    cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache


def backward_propagation_with_regularization(X, Y, cache, lambd):
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache

    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T) + (lambd / m) * W3
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)

    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1. / m * np.dot(dZ2, A1.T) + (lambd / m) * W2
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)

    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1. / m * np.dot(dZ1, X.T) + (lambd / m) * W1
    db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)

    gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2,
                 "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
                 "dZ1": dZ1, "dW1": dW1, "db1": db1}
    return gradients


def l2_cost(X, Y, W1, b1, W2, b2, W3, b3):
    m = Y.shape[1]
    A1 = torch.relu(W1 @ X + b1)
    A2 = torch.relu(W2 @ A1 + b2)
    A3 = torch.sigmoid(W3 @ A2 + b3)
    logprobs = -torch.log(A3) * Y - torch.log(1 - A3) * (1 - Y)
    cross_entropy_cost = 1. / m * logprobs.sum()
    L2_regularization_cost = LAMBD / (2 * m) * (
        (W1 ** 2).sum() + (W2 ** 2).sum() + (W3 ** 2).sum())
    return cross_entropy_cost + L2_regularization_cost


def l2_grads(X, Y, W1, b1, W2, b2, W3, b3):
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}
    a3, cache = forward_propagation(X, parameters)
    grads = backward_propagation_with_regularization(X, Y, cache, LAMBD)
    return {name: grads["d" + name] for name in parameters}


l2_regularization = derivation(
    l2_cost, l2_grads, wrt=("W1", "b1", "W2", "b2", "W3", "b3"),
    shapes={"X": (2, "m"), "Y": (1, "m"), "W1": (5, 2), "b1": (5, 1), "W2": (3, 5),
            "b2": (3, 1), "W3": (1, 3), "b3": (1, 1)},
    draws={"Y": ("labels", 2)}, sizes={"m": 9})


# --- inverted dropout, masks given -------------------------------------------------------------

KEEP_PROB = 0.86


def forward_propagation_with_dropout(X, parameters, D1, D2, keep_prob):
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    Z1 = np.dot(W1, X) + b1
    A1, _ = relu(Z1)
    A1 = A1 * D1  # Step 3: shut down some neurons of A1
    A1 = A1 / keep_prob  # Step 4: scale the value of neurons that haven't been shut down
    Z2 = np.dot(W2, A1) + b2
    A2, _ = relu(Z2)
    A2 = A2 * D2
    A2 = A2 / keep_prob
    Z3 = np.dot(W3, A2) + b3
    A3, _ = sigmoid(Z3)
    cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache


def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    m = X.shape[1]
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache

    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T)
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dA2 = dA2 * D2  # Step 1: apply mask D2 to shut down the same neurons as during forward
    dA2 = dA2 / keep_prob  # Step 2: scale the value of neurons that haven't been shut down

    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1. / m * np.dot(dZ2, A1.T)
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)

    dA1 = np.dot(W2.T, dZ2)
    dA1 = dA1 * D1
    dA1 = dA1 / keep_prob

    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1. / m * np.dot(dZ1, X.T)
    db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)

    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dW3": dW3, "db3": db3}


def dropout_cost(X, Y, D1, D2, W1, b1, W2, b2, W3, b3):
    A1 = torch.relu(W1 @ X + b1) * D1 / KEEP_PROB
    A2 = torch.relu(W2 @ A1 + b2) * D2 / KEEP_PROB
    A3 = torch.sigmoid(W3 @ A2 + b3)
    return bce_cost_torch(A3, Y)


def dropout_grads(X, Y, D1, D2, W1, b1, W2, b2, W3, b3):
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}
    a3, cache = forward_propagation_with_dropout(X, parameters, D1, D2, KEEP_PROB)
    grads = backward_propagation_with_dropout(X, Y, cache, KEEP_PROB)
    return grads["dW1"], grads["db1"], grads["dW2"], grads["db2"], grads["dW3"], grads["db3"]


dropout_fixed_masks = derivation(
    dropout_cost, dropout_grads, wrt=("W1", "b1", "W2", "b2", "W3", "b3"),
    shapes={"X": (3, "m"), "Y": (1, "m"), "D1": (6, "m"), "D2": (4, "m"), "W1": (6, 3),
            "b1": (6, 1), "W2": (4, 6), "b2": (4, 1), "W3": (1, 4), "b3": (1, 1)},
    draws={"Y": ("labels", 2), "D1": ("labels", 2), "D2": ("labels", 2)}, sizes={"m": 8})


# --- logistic regression: propagate(w, b, X, Y) with a scalar bias ----------------------------


def propagate(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)[0]
    cost = -1 / m * np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dw = 1 / m * np.dot(X, (A - Y).T)
    db = 1 / m * np.sum(A - Y)
    cost = np.squeeze(np.array(cost))
    grads = {"dw": dw, "db": db}
    return grads, cost


def logistic_cost(w, b, X, Y):
    A = torch.sigmoid(w.T @ X + b)
    return bce_cost_torch(A, Y)


def logistic_grads(w, b, X, Y):
    grads, cost = propagate(w, b, X, Y)
    return grads["dw"], grads["db"]


logistic_propagate = derivation(
    logistic_cost, logistic_grads, wrt=("w", "b"),
    shapes={"w": ("dim", 1), "b": (), "X": ("dim", "m"), "Y": (1, "m")},
    draws={"Y": ("labels", 2)}, sizes={"dim": 4, "m": 5})


# --- planar data: one hidden tanh layer --------------------------------------------------------


def forward_propagation_tanh(X, parameters):
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    Z1 = np.dot(W1, X) + b1
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = 1 / (1 + np.exp(-Z2))
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache


def backward_propagation_tanh(parameters, cache, X, Y):
    m = X.shape[1]
    W2 = parameters["W2"]
    A1 = cache["A1"]
    A2 = cache["A2"]
    dZ2 = A2 - Y
    dW2 = (1 / m) * np.dot(dZ2, A1.T)
    db2 = (1 / m) * np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = np.multiply(np.dot(W2.T, dZ2), 1 - np.power(A1, 2))
    dW1 = (1 / m) * np.dot(dZ1, X.T)
    db1 = (1 / m) * np.sum(dZ1, axis=1, keepdims=True)
    grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    return grads


def planar_cost(X, Y, W1, b1, W2, b2):
    A1 = torch.tanh(W1 @ X + b1)
    A2 = torch.sigmoid(W2 @ A1 + b2)
    m = Y.shape[1]
    logprobs = torch.log(A2) * Y + (1 - Y) * torch.log(1 - A2)
    return -logprobs.sum() / m


def planar_grads(X, Y, W1, b1, W2, b2):
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    A2, cache = forward_propagation_tanh(X, parameters)
    grads = backward_propagation_tanh(parameters, cache, X, Y)
    return {"W1": grads["dW1"], "b1": grads["db1"], "W2": grads["dW2"], "b2": grads["db2"]}


planar_tanh = derivation(
    planar_cost, planar_grads, wrt=("W1", "b1", "W2", "b2"),
    shapes={"X": (2, "m"), "Y": (1, "m"), "W1": ("n_h", 2), "b1": ("n_h", 1), "W2": (1, "n_h"),
            "b2": (1, 1)},
    draws={"Y": ("labels", 2)}, sizes={"n_h": 4, "m": 10})


# --- softmax output, classes as rows -----------------------------------------------------------


def convert_to_one_hot(Y, C):
    Y = np.eye(C)[Y.reshape(-1)].T
    return Y


def softmax(Z):
    t = np.exp(Z - np.max(Z, axis=0, keepdims=True))
    return t / np.sum(t, axis=0, keepdims=True)


def softmax_cost(X, Y, W1, b1, W2, b2):
    A1 = torch.relu(W1 @ X + b1)
    Z2 = W2 @ A1 + b2
    return F.cross_entropy(Z2.T, Y.reshape(-1))


def softmax_grads(X, Y, W1, b1, W2, b2):
    C = W2.shape[0]
    Y_oh = convert_to_one_hot(Y, C)
    A1, cache1 = linear_activation_forward(X, W1, b1, activation="relu")
    Z2, linear_cache2 = linear_forward(A1, W2, b2)
    A2 = softmax(Z2)
    dZ2 = A2 - Y_oh
    dA1, dW2, db2 = linear_backward(dZ2, linear_cache2)
    dA0, dW1, db1 = linear_activation_backward(dA1, cache1, activation="relu")
    return dW1, db1, dW2, db2


softmax_classes_as_rows = derivation(
    softmax_cost, softmax_grads, wrt=("W1", "b1", "W2", "b2"),
    shapes={"X": ("n_x", "m"), "Y": (1, "m"), "W1": ("n_h", "n_x"), "b1": ("n_h", 1),
            "W2": ("C", "n_h"), "b2": ("C", 1)},
    draws={"Y": ("labels", "C")}, sizes={"n_x": 3, "n_h": 5, "C": 4, "m": 6})


# --- gradient checking: every parameter in one vector theta ------------------------------------

LAYER_DIMS = [4, 5, 3, 1]
KEYS = ["W1", "b1", "W2", "b2", "W3", "b3"]


def parameter_shapes():
    shapes = {}
    for l in range(1, len(LAYER_DIMS)):
        shapes["W" + str(l)] = (LAYER_DIMS[l], LAYER_DIMS[l - 1])
        shapes["b" + str(l)] = (LAYER_DIMS[l], 1)
    return shapes


N_THETA = sum(int(np.prod(s)) for s in parameter_shapes().values())


def vector_to_dictionary(theta):
    parameters = {}
    start = 0
    for key in KEYS:
        shape = parameter_shapes()[key]
        size = shape[0] * shape[1]
        parameters[key] = theta[start:start + size].reshape(shape)
        start += size
    return parameters


def gradients_to_vector(gradients):
    count = 0
    for key in ["dW1", "db1", "dW2", "db2", "dW3", "db3"]:
        # flatten parameter
        new_vector = np.reshape(gradients[key], (-1, 1))
        if count == 0:
            theta = new_vector
        else:
            theta = np.concatenate((theta, new_vector), axis=0)
        count = count + 1
    return theta


def forward_propagation_n(X, Y, parameters):
    m = X.shape[1]
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    W3 = parameters["W3"]
    b3 = parameters["b3"]
    Z1 = np.dot(W1, X) + b1
    A1, _ = relu(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2, _ = relu(Z2)
    Z3 = np.dot(W3, A2) + b3
    A3, _ = sigmoid(Z3)
    logprobs = np.multiply(-np.log(A3), Y) + np.multiply(-np.log(1 - A3), 1 - Y)
    cost = 1. / m * np.sum(logprobs)
    cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    return cost, cache


def backward_propagation_n(X, Y, cache):
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T)
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1. / m * np.dot(dZ2, A1.T)
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1. / m * np.dot(dZ1, X.T)
    db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)
    gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3,
                 "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
                 "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
    return gradients


def theta_cost(theta, X, Y):
    p, start = {}, 0
    for key in KEYS:
        rows, cols = parameter_shapes()[key]
        p[key] = theta[start:start + rows * cols].reshape(rows, cols)
        start += rows * cols
    A1 = torch.relu(p["W1"] @ X + p["b1"])
    A2 = torch.relu(p["W2"] @ A1 + p["b2"])
    A3 = torch.sigmoid(p["W3"] @ A2 + p["b3"])
    m = X.shape[1]
    logprobs = -torch.log(A3) * Y - torch.log(1 - A3) * (1 - Y)
    return logprobs.sum() / m


def theta_grad(theta, X, Y):
    parameters = vector_to_dictionary(theta)
    cost, cache = forward_propagation_n(X, Y, parameters)
    gradients = backward_propagation_n(X, Y, cache)
    grad = gradients_to_vector(gradients)
    return grad.reshape(theta.shape)


gradient_check_theta = derivation(
    theta_cost, theta_grad, wrt="theta",
    shapes={"theta": (N_THETA,), "X": (4, "m"), "Y": (1, "m")},
    draws={"Y": ("labels", 2)}, sizes={"m": 3})
