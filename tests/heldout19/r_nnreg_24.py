"""Regularised gradient of the two-layer network of Andrew Ng's ex4, Python port by JWarmenhoven/Coursera-Machine-Learning (notebooks/Programming Exercise 4 - Neural Networks).

Source: https://github.com/JWarmenhoven/Coursera-Machine-Learning/issues/3 ("Regarding regularized NN
equation in exercise 4"): the code
    theta1_ = np.c_[np.ones((theta1.shape[0],1)),theta1[:,1:]]
    theta2_ = np.c_[np.ones((theta2.shape[0],1)),theta2[:,1:]]
    theta1_grad = delta1/m + (theta1_*reg)/m
adds reg/m to the gradient of every bias weight although the cost regularises only theta[:,1:];
the issue gives the fix np.zeros(...) for the first column (the same lines are copied into many
ex4 solutions). The theta2_ line had the same mistake; it is kept fixed in both versions here so the
bug is the theta1_ line. X (6, 3) (a bias column is prepended), y_matrix one-hot (6, 3),
theta1 (5, 4), theta2 (3, 6), reg = 1.
"""

import numpy as np
import torch

from verify import derivation

reg = 1.0


def loss(X, y_matrix, theta1, theta2):
    m = X.shape[0]
    a1 = torch.cat([torch.ones(m, 1, dtype=X.dtype), X], 1)
    a2 = torch.cat([torch.ones(m, 1, dtype=X.dtype), torch.sigmoid(a1 @ theta1.T)], 1)
    a3 = torch.sigmoid(a2 @ theta2.T)
    J = -1 * (1 / m) * torch.sum(torch.log(a3) * y_matrix + torch.log(1 - a3) * (1 - y_matrix))
    return J + (reg / (2 * m)) * (torch.sum(theta1[:, 1:] ** 2) + torch.sum(theta2[:, 1:] ** 2))


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoidGradient(z):
    return sigmoid(z) * (1 - sigmoid(z))


def grad(X, y_matrix, theta1, theta2):
    m = X.shape[0]
    a1 = np.c_[np.ones((m, 1)), X]
    z2 = theta1.dot(a1.T)
    a2 = np.c_[np.ones((m, 1)), sigmoid(z2.T)]
    z3 = theta2.dot(a2.T)
    a3 = sigmoid(z3)
    d3 = a3.T - y_matrix
    d2 = theta2[:, 1:].T.dot(d3.T) * sigmoidGradient(z2)
    delta1 = d2.dot(a1)
    delta2 = d3.T.dot(a2)
    theta1_ = np.c_[np.ones((theta1.shape[0], 1)), theta1[:, 1:]]  # <- wrong
    theta2_ = np.c_[np.zeros((theta2.shape[0], 1)), theta2[:, 1:]]
    theta1_grad = delta1/m + (theta1_*reg)/m
    theta2_grad = delta2/m + (theta2_*reg)/m
    return theta1_grad, theta2_grad


def grad_fixed(X, y_matrix, theta1, theta2):
    m = X.shape[0]
    a1 = np.c_[np.ones((m, 1)), X]
    z2 = theta1.dot(a1.T)
    a2 = np.c_[np.ones((m, 1)), sigmoid(z2.T)]
    z3 = theta2.dot(a2.T)
    a3 = sigmoid(z3)
    d3 = a3.T - y_matrix
    d2 = theta2[:, 1:].T.dot(d3.T) * sigmoidGradient(z2)
    delta1 = d2.dot(a1)
    delta2 = d3.T.dot(a2)
    theta1_ = np.c_[np.zeros((theta1.shape[0], 1)), theta1[:, 1:]]
    theta2_ = np.c_[np.zeros((theta2.shape[0], 1)), theta2[:, 1:]]
    theta1_grad = delta1/m + (theta1_*reg)/m
    theta2_grad = delta2/m + (theta2_*reg)/m
    return theta1_grad, theta2_grad


SPEC = dict(wrt=("theta1", "theta2"),
            shapes={"X": (6, 3), "y_matrix": (6, 3), "theta1": (5, 4), "theta2": (3, 6)},
            draws={"y_matrix": "onehot"})
case = derivation(loss, grad, **SPEC, name="r_nnreg_24")
CAUSE = "mask"
FIX = "The bias column is not regularised, so the first column of theta1_ must be zeros, not ones, before adding theta1_*reg/m."
