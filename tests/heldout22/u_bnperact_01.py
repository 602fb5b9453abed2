"""Input gradient of MIOpen's per-activation batch normalization (ROCm/MIOpen, src/kernels/MIOpenBatchNormBwdPerAct.cl, BatchNormBwdPerActivation).

Source: https://github.com/ROCm/MIOpen/issues/104 ("MIOpenBatchNormBwdPerAct.cl kernel bug": "the tmp2's
calculation is wrong, which should be dyelem = dy_in[index]; tmp2 = mad(N, dyelem * pvt_scale, -tmp1)";
confirmed by the maintainers and fixed in MIOpen 2.0.0). Per activation the kernel normalizes over the
N samples, y = scale * (x - mean) * invVar + bias, and its second loop accumulates
dxhat = sum_n scale * dy_n and dxhathat = sum_n scale * dy_n * xhat_n. The input gradient is
invVar / N * (N * scale * dy_n - dxhat - xhat_n * dxhathat), but the third loop used the batch sum
dxhat in the first term where the sample's own scale * dy_n belongs. The OpenCL kernel is translated
to numpy with its loops (one work item per activation column, samples in rows); mad(a, b, c) = a * b + c.
Loss: sum(dy * (scale * xhat + bias)); x_in, dy_in (4, 5), scale, bias (5,).
"""

import numpy as np
import torch

from verify import derivation

EPSILON = 1e-5


def loss(x_in, scale, bias, dy_in):
    N = x_in.shape[0]
    mean = x_in.sum(0) / N
    variance = (x_in * x_in).sum(0) / N - mean * mean
    invVar = torch.rsqrt(torch.abs(variance + EPSILON))
    y = scale * ((x_in - mean) * invVar) + bias
    return (dy_in * y).sum()


def mad(a, b, c):
    return a * b + c


def grad(x_in, scale, bias, dy_in):
    N, C = x_in.shape
    dx_out = np.zeros_like(x_in)
    for adjIndex in range(C):
        mean = 0.
        variance = 0.
        for n in range(N):
            inp = x_in[n, adjIndex]
            mean += inp
            variance = mad(inp, inp, variance)
        mean /= N
        variance /= N
        variance = mad(-mean, mean, variance)
        invVar = 1. / np.sqrt(np.fabs(variance + EPSILON))

        pvt_scale = scale[adjIndex]
        dxhat = 0.
        dxhathat = 0.
        for n in range(N):
            xhat = (x_in[n, adjIndex] - mean) * invVar
            dyelem = dy_in[n, adjIndex]
            tmp1 = pvt_scale * dyelem
            dxhat += tmp1
            dxhathat = mad(tmp1, xhat, dxhathat)

        for n in range(N):
            xhat = (x_in[n, adjIndex] - mean) * invVar
            tmp1 = mad(xhat, dxhathat, dxhat)
            tmp2 = mad(N, dxhat, -tmp1)  # <- wrong
            tmp3 = invVar / N
            dx_out[n, adjIndex] = tmp3 * tmp2
    return dx_out


def grad_fixed(x_in, scale, bias, dy_in):
    N, C = x_in.shape
    dx_out = np.zeros_like(x_in)
    for adjIndex in range(C):
        mean = 0.
        variance = 0.
        for n in range(N):
            inp = x_in[n, adjIndex]
            mean += inp
            variance = mad(inp, inp, variance)
        mean /= N
        variance /= N
        variance = mad(-mean, mean, variance)
        invVar = 1. / np.sqrt(np.fabs(variance + EPSILON))

        pvt_scale = scale[adjIndex]
        dxhat = 0.
        dxhathat = 0.
        for n in range(N):
            xhat = (x_in[n, adjIndex] - mean) * invVar
            dyelem = dy_in[n, adjIndex]
            tmp1 = pvt_scale * dyelem
            dxhat += tmp1
            dxhathat = mad(tmp1, xhat, dxhathat)

        for n in range(N):
            xhat = (x_in[n, adjIndex] - mean) * invVar
            tmp1 = mad(xhat, dxhathat, dxhat)
            tmp2 = mad(N, dy_in[n, adjIndex] * pvt_scale, -tmp1)
            tmp3 = invVar / N
            dx_out[n, adjIndex] = tmp3 * tmp2
    return dx_out


SPEC = dict(wrt="x_in", shapes={"x_in": (4, 5), "scale": (5,), "bias": (5,), "dy_in": (4, 5)})
case = derivation(loss, grad, **SPEC, name="u_bnperact_01")
CAUSE = "wrong-operand"
FIX = "Use the sample's own scaled output gradient, N * dy_in[n] * scale, instead of the batch sum dxhat in tmp2."
