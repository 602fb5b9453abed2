"""A tied-weight linear autoencoder in torch: Xr = X W W^T, L = F.mse_loss(Xr, X);
X (10, 6), W (6, 3).
"""

import torch.nn.functional as F

from verify import derivation


def loss(X, W):
    return F.mse_loss(X @ W @ W.T, X)


def grad(X, W):
    H = X @ W
    Xr = H @ W.T
    dXr = Xr - X  # <- wrong
    dH = dXr @ W
    dW = dXr.T @ H + X.T @ dH
    return dW


def grad_fixed(X, W):
    H = X @ W
    Xr = H @ W.T
    dXr = 2 * (Xr - X) / Xr.numel()
    dH = dXr @ W
    dW = dXr.T @ H + X.T @ dH
    return dW


SPEC = dict(wrt="W", shapes={"X": (10, 6), "W": (6, 3)}, draws={})
case = derivation(loss, grad, **SPEC, name="m_ae_01")
CAUSE = "mse-convention"
FIX = "mse_loss is a mean over every element with a 2: dXr = 2 (Xr - X) / Xr.numel()."
