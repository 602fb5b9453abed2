"""CrossEntropyLoss backward in paiml/aprender (crates/aprender-core/src/autograd/gradient.rs).

Source: https://github.com/paiml/aprender/pull/2182. `CrossEntropyBackward` always divided the
input gradient softmax(logits) - onehot(targets) by the batch size, whatever the loss's reduction.
That is right for reduction=Mean, but for reduction=Sum the gradient came out batch-times too small
(and for None the per-sample upstream gradient was mis-broadcast). The fix threads the reduction
into the backward and divides only for Mean. Translated from Rust to torch for the Sum case.
Loss: F.cross_entropy(logits, targets, reduction="sum"); logits (4, 5), targets (4,) in 0..4.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(logits, targets):
    return F.cross_entropy(logits, targets, reduction="sum")


def grad(logits, targets):
    batch = logits.shape[0]
    probs = torch.softmax(logits, dim=1)
    onehot = F.one_hot(targets, logits.shape[1]).to(probs.dtype)
    grad_input = (probs - onehot) / batch  # <- wrong
    return grad_input


def grad_fixed(logits, targets):
    batch = logits.shape[0]
    probs = torch.softmax(logits, dim=1)
    onehot = F.one_hot(targets, logits.shape[1]).to(probs.dtype)
    grad_input = probs - onehot
    return grad_input


SPEC = dict(wrt="logits", shapes={"logits": (4, 5), "targets": (4,)}, draws={"targets": ("labels", 5)})
case = derivation(loss, grad, **SPEC, name="s_crossentropy_03")
CAUSE = "batch-mean"
FIX = "With reduction='sum' the gradient is softmax(logits) - onehot(targets), without the division by the batch size."
