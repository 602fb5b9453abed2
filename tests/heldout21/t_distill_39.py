"""Knowledge distillation loss with temperature T = 2 (Hinton et al.), numpy.

L = T^2 * KL(softmax(t / T) || softmax(s / T)) with reduction batchmean;
student logits s (4, 5), teacher logits t (4, 5).  Gradient with respect to s.
Mistake: dL/ds = T^2 * (q - p) / (T N) = T (q - p) / N is written (q - p) / (T N):
the T^2 scaling of the loss is forgotten.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

T = 2.0


def loss(s, t):
    p = F.softmax(t / T, dim=1)
    return T * T * F.kl_div(F.log_softmax(s / T, dim=1), p, reduction="batchmean")


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def grad(s, t):
    n = s.shape[0]
    q = softmax(s / T)
    p = softmax(t / T)
    ds = (q - p) / (T * n)  # <- wrong
    return ds


def grad_fixed(s, t):
    n = s.shape[0]
    q = softmax(s / T)
    p = softmax(t / T)
    ds = T * (q - p) / n
    return ds


SPEC = dict(wrt="s", shapes={"s": (4, 5), "t": (4, 5)})
case = derivation(loss, grad, **SPEC, name="t_distill_39")
CAUSE = "wrong-coefficient"
FIX = "The loss is scaled by T^2 and the softmax divides by T, so ds = T * (q - p) / n."
