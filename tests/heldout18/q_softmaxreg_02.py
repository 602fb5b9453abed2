"""rasbt/stat453-deep-learning-ss21, L08/code/softmax-regression_scratch.ipynb,
SoftmaxRegression1.backward; issue #5 (https://github.com/rasbt/stat453-deep-learning-ss21/issues/5):
"it computes a single sum over all biases which is later broadcast across all bias terms";
fix: torch.sum(y - probas, dim=0).
Softmax regression, logits = x W^T + b, L = sum of cross-entropies over the batch;
x (5, 3), W (4, 3), b (4,), y one-hot (5, 4).
"""

import torch

from verify import derivation


def loss(x, weights, bias, y):
    logits = torch.mm(x, weights.t()) + bias
    return -(y * torch.log_softmax(logits, dim=1)).sum()


def grad(x, weights, bias, y):
    probas = torch.softmax(torch.mm(x, weights.t()) + bias, dim=1)
    grad_loss_wrt_w = -torch.mm(x.t(), y - probas).t()
    grad_loss_wrt_b = -torch.sum(y - probas)  # <- wrong
    return grad_loss_wrt_w, grad_loss_wrt_b


def grad_fixed(x, weights, bias, y):
    probas = torch.softmax(torch.mm(x, weights.t()) + bias, dim=1)
    grad_loss_wrt_w = -torch.mm(x.t(), y - probas).t()
    grad_loss_wrt_b = -torch.sum(y - probas, dim=0)
    return grad_loss_wrt_w, grad_loss_wrt_b


SPEC = dict(wrt=("weights", "bias"), shapes={"x": (5, 3), "weights": (4, 3), "bias": (4,), "y": (5, 4)},
            draws={"y": "onehot"})
case = derivation(loss, grad, **SPEC, name="q_softmaxreg_02")
CAUSE = "reduction-axis"
FIX = "Each bias gets its own column sum over the batch: grad_loss_wrt_b = -torch.sum(y - probas, dim=0)."
