"""A single unit with a hardtanh (clip to [-1, 1]) output, pure Python:
y_n = clip(w . x_n, -1, 1), E = 1/2 sum_n (y_n - t_n)^2; x (5, 3), w (3,), t (5,).
"""

import torch

from verify import derivation


def loss(w, x, t):
    y = torch.clamp(x @ w, -1.0, 1.0)
    return 0.5 * ((y - t) ** 2).sum()


def grad(w, x, t):
    dw = [0.0 for _ in range(len(w))]
    for xn, tn in zip(x.tolist(), t.tolist()):
        z = sum(wi * xi for wi, xi in zip(w.tolist(), xn))
        y = min(max(z, -1.0), 1.0)
        slope = 1.0 if z < 1.0 else 0.0  # <- wrong
        for i in range(len(dw)):
            dw[i] += (y - tn) * slope * xn[i]
    return dw


def grad_fixed(w, x, t):
    dw = [0.0 for _ in range(len(w))]
    for xn, tn in zip(x.tolist(), t.tolist()):
        z = sum(wi * xi for wi, xi in zip(w.tolist(), xn))
        y = min(max(z, -1.0), 1.0)
        slope = 1.0 if -1.0 < z < 1.0 else 0.0
        for i in range(len(dw)):
            dw[i] += (y - tn) * slope * xn[i]
    return dw


SPEC = dict(wrt="w", shapes={"w": (3,), "x": (5, 3), "t": (5,)}, draws={"t": "uniform"}, sizes={})
case = derivation(loss, grad, **SPEC, name="w_hardtanh_01")
CAUSE = "mask"
FIX = "The clip is flat on both sides, so the slope is 1 only for -1 < z < 1."
