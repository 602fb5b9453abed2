"""Multi-output sigmoid perceptron, one example, torch: x^1_k = sum_j x_j w_jk,
O_k = sigma(x^1_k), E = 1/2 sum_k (O_k - t_k)^2; x (J,), w (J, K), t (K,), J = 6, K = 3.
"""

import torch

from verify import derivation


def sigmoid_prime(a):
    return a * (1 - a)  # <- wrong


def sigmoid_prime_fixed(a):
    return torch.sigmoid(a) * (1 - torch.sigmoid(a))


def loss(x, w, t):
    O = torch.sigmoid(x @ w)
    return 0.5 * ((O - t) ** 2).sum()


def grad(x, w, t):
    a = x @ w
    O = torch.sigmoid(a)
    delta = (O - t) * sigmoid_prime(a)
    return torch.outer(x, delta)


def grad_fixed(x, w, t):
    a = x @ w
    O = torch.sigmoid(a)
    delta = (O - t) * sigmoid_prime_fixed(a)
    return torch.outer(x, delta)


SPEC = dict(wrt="w", shapes={"x": ("J",), "w": ("J", "K"), "t": ("K",)},
            draws={"t": "uniform"}, sizes={"J": 6, "K": 3})
case = derivation(loss, grad, **SPEC, name="m_perceptron_02")
CAUSE = "activation-derivative-of-input"
FIX = "sigma'(a) is sigma(a) (1 - sigma(a)) = O (1 - O); a (1 - a) evaluates it at the pre-activation."
