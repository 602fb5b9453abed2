"""Output-layer backward of a two-layer sigmoid network, from the Data Science Stack Exchange question "Gradients for bias terms in backpropagation".

Source: https://datascience.stackexchange.com/questions/20139/gradients-for-bias-terms-in-backpropagation
The question's code is
    dh2=h2-y
    dz2=dh2*(1-dh2)
    dw2=np.dot(H1,dz2)
    db2=np.sum(dz2,axis=0,keepdims=True)
and an answer (not the accepted one, which explains the bias sum) points out that the sigmoid's derivative is sigma(x)(1 - sigma(x)), so the line should
be dz2 = (1 - h2) * h2 * dh2: the derivative was computed from the error dh2 instead of the output h2.
dh2 = h2 - y is the gradient of 1/2 sum (h2 - y)^2. x (5, 3), y (5, 2), theta1 (3, 4), b1 (1, 4),
theta2 (4, 2), b2 (1, 2).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, y, theta1, b1, theta2, b2):
    h1 = torch.sigmoid(x @ theta1 + b1)
    h2 = torch.sigmoid(h1 @ theta2 + b2)
    return 0.5 * ((h2 - y) ** 2).sum()


def grad(x, y, theta1, b1, theta2, b2):
    z1 = x.dot(theta1) + b1
    h1 = 1/(1+np.exp(-z1))
    z2 = h1.dot(theta2) + b2
    h2 = 1/(1+np.exp(-z2))
    dh2 = h2 - y
    dz2 = dh2*(1-dh2)  # <- wrong
    H1 = np.transpose(h1)
    dw2 = np.dot(H1, dz2)
    db2 = np.sum(dz2, axis=0, keepdims=True)
    return dw2, db2


def grad_fixed(x, y, theta1, b1, theta2, b2):
    z1 = x.dot(theta1) + b1
    h1 = 1/(1+np.exp(-z1))
    z2 = h1.dot(theta2) + b2
    h2 = 1/(1+np.exp(-z2))
    dh2 = h2 - y
    dz2 = (1-h2)*h2*dh2
    H1 = np.transpose(h1)
    dw2 = np.dot(H1, dz2)
    db2 = np.sum(dz2, axis=0, keepdims=True)
    return dw2, db2


SPEC = dict(wrt=("theta2", "b2"),
            shapes={"x": (5, 3), "y": (5, 2), "theta1": (3, 4), "b1": (1, 4), "theta2": (4, 2), "b2": (1, 2)})
case = derivation(loss, grad, **SPEC, name="r_sigmoid_26")
CAUSE = "activation-derivative-of-input"
FIX = "The sigmoid derivative must be taken from the output h2, dz2 = (1-h2)*h2*dh2, not from the error dh2."
