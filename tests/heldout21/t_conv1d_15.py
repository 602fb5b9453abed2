"""1-d convolution (valid cross-correlation) fitted with mse_loss, pure Python lists.

y_i = sum_k w_k x_{i+k}, L = mse_loss(y, t) = mean_i (y_i - t_i)^2; x (7,), w (3,), t (5,).
Gradient with respect to w.
Mistake: dy is written 2 (y - t), the derivative of a summed squared error, while
mse_loss takes the mean over the L = 5 outputs.
"""

import torch.nn.functional as F

from verify import derivation


def loss(w, x, t):
    y = F.conv1d(x.reshape(1, 1, -1), w.reshape(1, 1, -1)).reshape(-1)
    return F.mse_loss(y, t)


def grad(w, x, t):
    K = len(w)
    L = len(x) - K + 1
    y = [sum(w[k] * x[i + k] for k in range(K)) for i in range(L)]
    dy = [2 * (y[i] - t[i]) for i in range(L)]  # <- wrong
    dw = [sum(dy[i] * x[i + k] for i in range(L)) for k in range(K)]
    return dw


def grad_fixed(w, x, t):
    K = len(w)
    L = len(x) - K + 1
    y = [sum(w[k] * x[i + k] for k in range(K)) for i in range(L)]
    dy = [2 * (y[i] - t[i]) / L for i in range(L)]
    dw = [sum(dy[i] * x[i + k] for i in range(L)) for k in range(K)]
    return dw


SPEC = dict(wrt="w", shapes={"w": (3,), "x": (7,), "t": (5,)})
case = derivation(loss, grad, **SPEC, name="t_conv1d_15")
CAUSE = "mse-convention"
FIX = "mse_loss averages over the L outputs, so dy = 2 (y - t) / L."
