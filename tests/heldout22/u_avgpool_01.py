"""Backward of 2-D average pooling with ceil_mode and count_include_pad (tracel-ai/burn, crates/burn-flex/src/ops/pool.rs, avg_pool2d_backward).

Source: https://github.com/tracel-ai/burn/issues/5604 ("burn-flex: avg_pool2d_backward divisor disagrees
with forward in ceil_mode with count_include_pad"). With ceil_mode the last window may overhang the
input; the forward divides it by the window clipped to the padded input (padded_len_avgpool), but
the backward "uses kernel_volume unconditionally", so the overhanging window's gradient is divided
by the full kernel size (width 5, kernel 2, stride 2: x_grad[4] is 0.5 where it should be 1.0). The
Rust loops over (batch, channel, output row, output column) are kept, written with numpy slices.
Loss: sum(grad * avg_pool2d(x, kernel (1, 2), stride (1, 2), ceil_mode, count_include_pad)); x (1, 2, 2, 5).
"""

import math

import numpy as np
import torch.nn.functional as F

from verify import derivation

KERNEL, STRIDE, PADDING = (1, 2), (1, 2), (0, 0)


def loss(x, grad):
    y = F.avg_pool2d(x, KERNEL, STRIDE, PADDING, ceil_mode=True, count_include_pad=True)
    return (grad * y).sum()


def out_len(in_len, k, s, p):
    n = math.ceil((in_len + 2 * p - k) / s) + 1
    if (n - 1) * s >= in_len + p:
        n -= 1
    return n


def avg_pool2d_backward(x, grad):
    (kh, kw), (sh, sw), (ph, pw) = KERNEL, STRIDE, PADDING
    batch, channels, in_h, in_w = x.shape
    out_h, out_w = out_len(in_h, kh, sh, ph), out_len(in_w, kw, sw, pw)
    kernel_volume = kh * kw
    x_grad = np.zeros_like(x)
    for b in range(batch):
        for c in range(channels):
            for oh in range(out_h):
                for ow in range(out_w):
                    h_start, w_start = oh * sh - ph, ow * sw - pw
                    h_end, w_end = min(h_start + kh, in_h + ph), min(w_start + kw, in_w + pw)
                    pad_count = (h_end - h_start) * (w_end - w_start)
                    divisor = kernel_volume  # <- wrong
                    h0, w0 = max(h_start, 0), max(w_start, 0)
                    h1, w1 = min(h_end, in_h), min(w_end, in_w)
                    x_grad[b, c, h0:h1, w0:w1] += grad[b, c, oh, ow] / divisor
    return x_grad


def avg_pool2d_backward_fixed(x, grad):
    (kh, kw), (sh, sw), (ph, pw) = KERNEL, STRIDE, PADDING
    batch, channels, in_h, in_w = x.shape
    out_h, out_w = out_len(in_h, kh, sh, ph), out_len(in_w, kw, sw, pw)
    kernel_volume = kh * kw
    x_grad = np.zeros_like(x)
    for b in range(batch):
        for c in range(channels):
            for oh in range(out_h):
                for ow in range(out_w):
                    h_start, w_start = oh * sh - ph, ow * sw - pw
                    h_end, w_end = min(h_start + kh, in_h + ph), min(w_start + kw, in_w + pw)
                    pad_count = (h_end - h_start) * (w_end - w_start)
                    divisor = pad_count
                    h0, w0 = max(h_start, 0), max(w_start, 0)
                    h1, w1 = min(h_end, in_h), min(w_end, in_w)
                    x_grad[b, c, h0:h1, w0:w1] += grad[b, c, oh, ow] / divisor
    return x_grad


def grad(x, grad):
    return avg_pool2d_backward(x, grad)


def grad_fixed(x, grad):
    return avg_pool2d_backward_fixed(x, grad)


SPEC = dict(wrt="x", shapes={"x": (1, 2, 2, 5), "grad": (1, 2, 2, 3)})
case = derivation(loss, grad, **SPEC, name="u_avgpool_01")
CAUSE = "wrong-divisor"
FIX = "Divide each window's gradient by the same clipped count the forward used (pad_count), not by the full kernel volume."
