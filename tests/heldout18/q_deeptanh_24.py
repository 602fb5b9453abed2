"""maziarraissi/backprop issue #1 (https://github.com/maziarraissi/backprop/issues/1), PySimpleNN.py,
NN.loss_function: "loss_weights[l] = np.dot(H[l].T, G[l]) ... must be changed to
loss_weights[l] = np.dot(A[l].T, G[l])": the weight gradient takes the layer's pre-activation H[l]
where its tanh activation A[l] is the input to the next matrix product (H[0] = A[0] = X, so only the
hidden layers are hit). Two tanh hidden layers, loss 0.5 * sum((Y_pred - Y)^2);
X (5, 2), Y (5, 1), W0 (2, 3), W1 (3, 4), W2 (4, 1), b0 (1, 3), b1 (1, 4), b2 (1, 1).
"""

import numpy as np
import torch

from verify import derivation


def loss(W0, W1, W2, b0, b1, b2, X, Y):
    A1 = torch.tanh(X @ W0 + b0)
    A2 = torch.tanh(A1 @ W1 + b1)
    return 0.5 * ((A2 @ W2 + b2 - Y) ** 2).sum()


def grad(W0, W1, W2, b0, b1, b2, X, Y):
    weights, biases = [W0, W1, W2], [b0, b1, b2]
    num_layers = 4
    H = [None]*(num_layers-1)
    A = [None]*(num_layers-1)
    H[0] = X
    A[0] = X
    for l in range(0, num_layers-2):
        H[l+1] = np.dot(A[l], weights[l]) + biases[l]
        A[l+1] = np.tanh(H[l+1])
    Y_pred = np.dot(A[num_layers-2], weights[num_layers-2]) + biases[num_layers-2]
    G = [None]*(num_layers-1)
    loss_weights = [None]*(num_layers-1)
    loss_biases = [None]*(num_layers-1)
    G[num_layers-2] = Y_pred - Y
    for l in range(num_layers-2, 0, -1):
        loss_weights[l] = np.dot(H[l].T, G[l])  # <- wrong
        loss_biases[l] = np.sum(G[l], axis=0)
        G[l-1] = (1 - A[l]**2)*np.dot(G[l], weights[l].T)
    loss_weights[0] = np.dot(H[0].T, G[0])
    loss_biases[0] = np.sum(G[0], axis=0)
    return loss_weights[0], loss_weights[1], loss_weights[2]


def grad_fixed(W0, W1, W2, b0, b1, b2, X, Y):
    weights, biases = [W0, W1, W2], [b0, b1, b2]
    num_layers = 4
    H = [None]*(num_layers-1)
    A = [None]*(num_layers-1)
    H[0] = X
    A[0] = X
    for l in range(0, num_layers-2):
        H[l+1] = np.dot(A[l], weights[l]) + biases[l]
        A[l+1] = np.tanh(H[l+1])
    Y_pred = np.dot(A[num_layers-2], weights[num_layers-2]) + biases[num_layers-2]
    G = [None]*(num_layers-1)
    loss_weights = [None]*(num_layers-1)
    loss_biases = [None]*(num_layers-1)
    G[num_layers-2] = Y_pred - Y
    for l in range(num_layers-2, 0, -1):
        loss_weights[l] = np.dot(A[l].T, G[l])
        loss_biases[l] = np.sum(G[l], axis=0)
        G[l-1] = (1 - A[l]**2)*np.dot(G[l], weights[l].T)
    loss_weights[0] = np.dot(H[0].T, G[0])
    loss_biases[0] = np.sum(G[0], axis=0)
    return loss_weights[0], loss_weights[1], loss_weights[2]


SPEC = dict(wrt=("W0", "W1", "W2"),
            shapes={"W0": (2, 3), "W1": (3, 4), "W2": (4, 1), "b0": (1, 3), "b1": (1, 4), "b2": (1, 1),
                    "X": (5, 2), "Y": (5, 1)})
case = derivation(loss, grad, **SPEC, name="q_deeptanh_24")
CAUSE = "wrong-operand"
FIX = "The next layer multiplies the activation A[l] = tanh(H[l]), so its weight gradient is np.dot(A[l].T, G[l])."
