"""MSE loss gradient of Samsung/ONE's on-device training kernels (compute/cker/include/cker/train/operation/Loss.h), C++ translated to numpy.

Source: https://github.com/Samsung/ONE/pull/13944 ("[cker] Fix computing MSE Gradient", for issue #13736).
The forward MSE gives one value per batch item, sum over the item's features / flat_size, and the
loss is then reduced over the batch either as SUM_OVER_BATCH_SIZE or as SUM. MSEGrad ignored the
reduction and always divided by the whole tensor:
    const int size = grad_shape.FlatSize();
    grad_data[i] = -2 * (y_true_data[i] - y_pred_data[i]) / size;
The fix computes `reduction_size = flat_size` (FlatSizeSkipDim(grad_shape, 0)) for SUM and
batch_size * flat_size only for SUM_OVER_BATCH_SIZE. This case is the SUM reduction:
loss = sum_b mean_i (y_pred[b, i] - y_true[b, i])^2; y_pred (4, 5), y_true (4, 5).
"""

import numpy as np

from verify import derivation


def loss(y_pred, y_true):
    return ((y_pred - y_true) ** 2).mean(dim=1).sum()


def grad(y_pred, y_true):
    grad_shape = y_pred.shape
    size = int(np.prod(grad_shape))  # <- wrong
    grad_data = -2 * (y_true - y_pred) / size
    return grad_data


def grad_fixed(y_pred, y_true):
    grad_shape = y_pred.shape
    size = int(np.prod(grad_shape[1:]))
    grad_data = -2 * (y_true - y_pred) / size
    return grad_data


SPEC = dict(wrt="y_pred", shapes={"y_pred": (4, 5), "y_true": (4, 5)})
case = derivation(loss, grad, **SPEC, name="r_mseloss_25")
CAUSE = "batch-mean"
FIX = "With the SUM reduction the per-item means are summed over the batch, so the gradient divides by the per-item size (FlatSizeSkipDim), not by the whole tensor's size."
