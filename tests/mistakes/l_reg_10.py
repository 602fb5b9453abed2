"""A linear layer in torch, the sum of squared errors per example averaged over the batch.

x (N, D), W (D, M), t (N, M), y = x W, L = 1/N sum_n sum_m (y_nm - t_nm)^2.
"""

from verify import derivation


def loss(W, x, t):
    return ((x @ W - t) ** 2).sum(dim=1).mean()


def grad(W, x, t):
    y = x @ W
    dy = 2 * (y - t)  # <- wrong
    dW = x.T @ dy
    return dW


def grad_fixed(W, x, t):
    y = x @ W
    dy = 2 * (y - t) / x.shape[0]
    dW = x.T @ dy
    return dW


SPEC = dict(wrt="W", shapes={"W": ("D", "M"), "x": ("N", "D"), "t": ("N", "M")},
            sizes={"N": 2, "D": 3, "M": 2})
case = derivation(loss, grad, **SPEC, name="l_reg_10")
CAUSE = "batch-mean"
FIX = "Divide by the batch size N: the loss averages over the batch."
