"""Multi-output sigmoid perceptron on a batch, torch, course notation: O = sigma(x w),
E = 1/2 sum (O - t)^2 over examples and outputs; x (N, J), w (J, K), t (N, K),
N = 4, J = 5, K = 2.
"""

import torch

from verify import derivation


def loss(x, w, t):
    O = torch.sigmoid(x @ w)
    return 0.5 * ((O - t) ** 2).sum()


def grad(x, w, t):
    O = torch.sigmoid(x @ w)
    dE_dO = O - t
    delta = dE_dO  # <- wrong
    return x.T @ delta


def grad_fixed(x, w, t):
    O = torch.sigmoid(x @ w)
    dE_dO = O - t
    delta = dE_dO * O * (1 - O)
    return x.T @ delta


SPEC = dict(wrt="w", shapes={"x": ("N", "J"), "w": ("J", "K"), "t": ("N", "K")},
            draws={"t": "uniform"}, sizes={"N": 4, "J": 5, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_perceptron_06")
CAUSE = "activation-derivative-missing"
FIX = "delta_k = (O_k - t_k) O_k (1 - O_k): the sigmoid's derivative must multiply dE/dO."
