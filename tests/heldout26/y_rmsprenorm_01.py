"""Backward of a fused residual-add + RMSNorm (pre-norm) in Dao-AILab/quack (quack/rmsnorm.py, RMS PreNorm backward).

Source: https://github.com/Dao-AILab/quack/pull/53 ("Fix gradient computation in RMS PreNorm backward
pass"): "Forward pass: res_out = residual + x; out = norm(res_out). Expected backward pass:
dres_out = dres_out + dout * dnorm(out) # Accumulate gradients; dx = dres_out. Current incorrect
implementation: dres_out = (dres_out + dout) * dnorm(out) # Wrong: addition before normalization".
res_out is itself an output (the next block's residual), with its own incoming gradient dres_out.
The kernel's arithmetic in torch: rmsnorm_bwd(g) = rstd (g w - xhat mean(g w xhat)), xhat = res_out rstd.
Loss: sum(dout * rmsnorm(residual + x) * w) + sum(dres_out * (residual + x)); x, residual, dout, dres_out (4, 8), w (8,).
"""

import torch

from verify import derivation

EPS = 1e-6


def loss(x, residual, w, dout, dres_out):
    res_out = residual + x
    out = res_out * torch.rsqrt(res_out.pow(2).mean(-1, keepdim=True) + EPS) * w
    return (dout * out).sum() + (dres_out * res_out).sum()


def rmsnorm_bwd(g, res_out, w):
    rstd = torch.rsqrt(res_out.pow(2).mean(-1, keepdim=True) + EPS)
    xhat = res_out * rstd
    wg = g * w
    return rstd * (wg - xhat * (wg * xhat).mean(-1, keepdim=True))


def grad(x, residual, w, dout, dres_out):
    res_out = residual + x
    dres = rmsnorm_bwd(dres_out + dout, res_out, w)  # <- wrong
    dx = dres
    return dx


def grad_fixed(x, residual, w, dout, dres_out):
    res_out = residual + x
    dres = dres_out + rmsnorm_bwd(dout, res_out, w)
    dx = dres
    return dx


SPEC = dict(wrt="x", shapes={"x": (4, 8), "residual": (4, 8), "w": (8,), "dout": (4, 8),
                             "dres_out": (4, 8)})
case = derivation(loss, grad, **SPEC, name="y_rmsprenorm_01")
CAUSE = "wrong-operand"
FIX = "Send only dout through the RMSNorm backward and add the residual stream's gradient after it: dres_out + rmsnorm_bwd(dout)."
