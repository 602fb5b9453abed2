"""Derivative of scikit-learn's SquaredEpsilonInsensitive loss for SGDRegressor (sklearn/linear_model/sgd_fast.pyx, dloss).

Source: https://github.com/scikit-learn/scikit-learn/pull/6764 ("Fix bug in SquaredEpsilonInsensitive
loss function #6728"): "Condition of if statement is incorrect ... when p - y > epsilon. It should be
z < -epsilon where z = y - p"; the diff changes "elif z < self.epsilon:" to "elif z < -self.epsilon:".
The loss is max(0, |y - p| - epsilon)^2, whose derivative in p is -2 (z - eps) for z > eps,
2 (-z - eps) for z < -eps and 0 inside the tube. The Cython dloss(p, y) is translated to pure
Python, one sample at a time, for the summed loss of a batch of predictions.
Loss: sum_i max(0, |y_i - p_i| - 0.1)^2; p, y (12,).
"""

import torch

from verify import derivation

EPSILON = 0.1


def loss(p, y):
    return (torch.clamp(torch.abs(y - p) - EPSILON, min=0.0) ** 2).sum()


def dloss(p, y):
    z = y - p
    if z > EPSILON:
        return -2 * (z - EPSILON)
    elif z < EPSILON:  # <- wrong
        return 2 * (-z - EPSILON)
    else:
        return 0.0


def dloss_fixed(p, y):
    z = y - p
    if z > EPSILON:
        return -2 * (z - EPSILON)
    elif z < -EPSILON:
        return 2 * (-z - EPSILON)
    else:
        return 0.0


def grad(p, y):
    return [dloss(float(p[i]), float(y[i])) for i in range(len(p))]


def grad_fixed(p, y):
    return [dloss_fixed(float(p[i]), float(y[i])) for i in range(len(p))]


SPEC = dict(wrt="p", shapes={"p": (12,), "y": (12,)})
case = derivation(loss, grad, **SPEC, name="y_sqepsins_01")
CAUSE = "mask"
FIX = "Take the second branch only below the tube, elif z < -epsilon, so the gradient is 0 for |y - p| <= epsilon."
