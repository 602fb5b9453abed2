"""Manual backward of a softmax-regression classifier (rasbt/stat453-deep-learning-ss21, L08/code/softmax-regression_scratch.ipynb, SoftmaxRegression1.backward).

Source: https://github.com/rasbt/stat453-deep-learning-ss21/issues/5 ("Small error in bias-computation in
L08/code/softmax-regression_scratch.ipynb"). The model computes logits = x W^T + b and softmax
probabilities, one sample per row, and backward() returns the gradient of the cross-entropy summed
over the batch (train() divides it by the number of samples afterwards). The bias gradient was
-torch.sum(y - probas), a single sum over all samples and all classes that is then broadcast to
every bias, so all biases received the same update; the fix sums over the samples only, dim=0.
The notebook's own softmax and cross_entropy helpers are kept.
Loss: sum over samples of cross_entropy(softmax(x W^T + b), y); x (6, 2), weights (3, 2),
bias (3,), y one-hot (6, 3).
"""

import torch

from verify import derivation


def softmax(z):
    return (torch.exp(z.t()) / torch.sum(torch.exp(z), dim=1)).t()


def cross_entropy(softmax, y_target):
    return -torch.sum(torch.log(softmax) * (y_target), dim=1)


def loss(x, weights, bias, y):
    logits = torch.add(torch.mm(x, weights.t()), bias)
    probas = softmax(logits)
    return torch.sum(cross_entropy(probas, y))


def grad(x, weights, bias, y):
    logits = torch.add(torch.mm(x, weights.t()), bias)
    probas = softmax(logits)
    grad_loss_out = y - probas  # 120 x 3 dimensional
    grad_loss_w = -torch.mm(x.t(), grad_loss_out).t()
    grad_loss_b = -torch.sum(grad_loss_out)  # <- wrong
    return grad_loss_w, grad_loss_b


def grad_fixed(x, weights, bias, y):
    logits = torch.add(torch.mm(x, weights.t()), bias)
    probas = softmax(logits)
    grad_loss_out = y - probas  # 120 x 3 dimensional
    grad_loss_w = -torch.mm(x.t(), grad_loss_out).t()
    grad_loss_b = -torch.sum(grad_loss_out, dim=0)
    return grad_loss_w, grad_loss_b


SPEC = dict(wrt=("weights", "bias"), shapes={"x": (6, 2), "weights": (3, 2), "bias": (3,), "y": (6, 3)},
            draws={"y": "onehot"})
case = derivation(loss, grad, **SPEC, name="u_softmaxreg_01")
CAUSE = "reduction-axis"
FIX = "Sum y - probas over the samples only, torch.sum(grad_loss_out, dim=0), to get one gradient per class bias."
