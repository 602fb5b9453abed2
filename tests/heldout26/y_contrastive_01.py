"""GPU backward of Caffe's ContrastiveLossLayer with legacy_version=true (src/caffe/layers/contrastive_loss_layer.cu, CLLBackward).

Source: https://github.com/BVLC/caffe/pull/7100 ("Fix missing diff[i] in legacy contrastive loss GPU
backward"): "The GPU kernel sets bottom_diff[i] = beta = -alpha directly, omitting the multiplication by
diff[i] ... The non-legacy GPU path correctly absorbs diff[i] into beta ... Fix: Change beta = -alpha
to beta = -alpha * diff[i] to match the CPU implementation." The legacy loss is
1/(2N) sum_n [y_n d_n^2 + (1 - y_n) max(margin - d_n^2, 0)] with d_n = ||a_n - b_n||, and
alpha = top_diff / N for the first bottom. The kernel's loop over elements i is translated to Python
with numpy arrays. Loss: the legacy contrastive loss; a, b (6, 3) at scale 0.3, y (6,) in {0, 1}, margin 1.
"""

import numpy as np
import torch

from verify import derivation

MARGIN = 1.0


def loss(a, b, y):
    dist_sq = ((a - b) ** 2).sum(dim=1)
    per_pair = y * dist_sq + (1 - y) * torch.clamp(MARGIN - dist_sq, min=0.0)
    return per_pair.sum() / (2 * a.shape[0])


def grad(a, b, y):
    num, channels = a.shape
    diff = (a - b).reshape(-1)
    dist_sq = ((a - b) ** 2).sum(axis=1)
    alpha = 1.0 / num
    bottom_diff = np.zeros(num * channels)
    for i in range(num * channels):
        n = i // channels
        if int(y[n]):
            bottom_diff[i] = alpha * diff[i]
        else:
            mdist = MARGIN - dist_sq[n]
            beta = -alpha  # <- wrong
            bottom_diff[i] = beta if mdist > 0.0 else 0.0
    return bottom_diff.reshape(num, channels)


def grad_fixed(a, b, y):
    num, channels = a.shape
    diff = (a - b).reshape(-1)
    dist_sq = ((a - b) ** 2).sum(axis=1)
    alpha = 1.0 / num
    bottom_diff = np.zeros(num * channels)
    for i in range(num * channels):
        n = i // channels
        if int(y[n]):
            bottom_diff[i] = alpha * diff[i]
        else:
            mdist = MARGIN - dist_sq[n]
            beta = -alpha * diff[i]
            bottom_diff[i] = beta if mdist > 0.0 else 0.0
    return bottom_diff.reshape(num, channels)


SPEC = dict(wrt="a", shapes={"a": (6, 3), "b": (6, 3), "y": (6,)},
            draws={"a": ("normal", 0.3), "b": ("normal", 0.3), "y": ("labels", 2)})
case = derivation(loss, grad, **SPEC, name="y_contrastive_01")
CAUSE = "missing-term"
FIX = "Multiply by the element's difference for dissimilar pairs, beta = -alpha * diff[i], since d(margin - d^2)/da = -2 (a - b)."
