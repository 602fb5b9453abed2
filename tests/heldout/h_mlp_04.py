"""Two-layer tanh network with torch's summed squared error (mse_loss, reduction="sum"):
E = sum (y - t)^2, y = tanh(x U + bu) V;
x (N, D), U (D, H), bu (H,), V (H, K), t (N, K).
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, U, bu, V, t):
    """E = mse_loss(tanh(x U + bu) V, t, reduction="sum")."""
    y = torch.tanh(x @ U + bu) @ V
    return F.mse_loss(y, t, reduction="sum")


def grad(x, U, bu, V, t):
    s = x @ U + bu
    h = torch.tanh(s)
    y = h @ V
    dy = 2 * (y - t)
    dV = h.T @ dy
    dh = dy @ V.T
    ds = dh  # <- wrong
    dU = x.T @ ds
    dbu = ds.sum(0)
    return dU, dbu, dV


def grad_fixed(x, U, bu, V, t):
    s = x @ U + bu
    h = torch.tanh(s)
    y = h @ V
    dy = 2 * (y - t)
    dV = h.T @ dy
    dh = dy @ V.T
    ds = dh * (1 - h ** 2)
    dU = x.T @ ds
    dbu = ds.sum(0)
    return dU, dbu, dV


SPEC = dict(wrt=("U", "bu", "V"),
            shapes={"x": ("N", "D"), "U": ("D", "H"), "bu": ("H",), "V": ("H", "K"),
                    "t": ("N", "K")},
            sizes={"N": 7, "D": 3, "H": 4, "K": 2})
case = derivation(loss, grad, **SPEC, name="h_mlp_04")
CAUSE = "activation-derivative-missing"
FIX = "Back through the tanh: ds = dh * (1 - h**2)."
