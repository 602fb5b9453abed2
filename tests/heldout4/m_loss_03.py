"""Huber (smooth L1) regression loss with delta = 1, averaged over the batch, numpy:
loss = F.huber_loss(pred, target), mean over the N predictions; pred (N,), target (N,),
N = 6. Gradient of pred.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

DELTA = 1.0


def loss(pred, target):
    return F.huber_loss(pred, target, delta=DELTA)


def grad(pred, target):
    r = pred - target
    dpred = np.where(np.abs(r) <= DELTA, r, DELTA * np.sign(r))  # <- wrong
    return dpred


def grad_fixed(pred, target):
    r = pred - target
    dpred = np.where(np.abs(r) <= DELTA, r, DELTA * np.sign(r)) / r.shape[0]
    return dpred


SPEC = dict(wrt="pred", numpy=True, shapes={"pred": ("N",), "target": ("N",)}, sizes={"N": 6})
case = derivation(loss, grad, **SPEC, name="m_loss_03")
CAUSE = "batch-mean"
FIX = "huber_loss averages over the N predictions, so its gradient carries 1/N."
