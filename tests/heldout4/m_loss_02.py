"""Binary cross-entropy on sigmoid probabilities, numpy, differentiated through p:
p = sigma(z), loss = -mean(y log p + (1 - y) log(1 - p)); z (N, 1), y (N, 1) soft
targets in (0, 1), N = 6. Gradient of the logits z.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(z, y):
    return F.binary_cross_entropy_with_logits(z, y)


def grad(z, y):
    N = z.shape[0]
    p = 1 / (1 + np.exp(-z))
    dp = -(y / p - (1 - y) / (1 - p)) / N
    dz = dp  # <- wrong
    return dz


def grad_fixed(z, y):
    N = z.shape[0]
    p = 1 / (1 + np.exp(-z))
    dp = -(y / p - (1 - y) / (1 - p)) / N
    dz = dp * p * (1 - p)
    return dz


SPEC = dict(wrt="z", numpy=True, shapes={"z": ("N", 1), "y": ("N", 1)}, draws={"y": "uniform"},
            sizes={"N": 6})
case = derivation(loss, grad, **SPEC, name="m_loss_02")
CAUSE = "activation-derivative-missing"
FIX = "dL/dz = dL/dp * sigma'(z) = dL/dp * p (1 - p): the sigmoid's derivative is missing."
