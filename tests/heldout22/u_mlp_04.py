"""Backward pass of a tanh MLP with a softmax output (arthurdouillard/deepcourse, code/backpropagation/mlp.py, MLP.backward).

Source: https://github.com/arthurdouillard/deepcourse/issues/6 ("TP MLP htilde": "Code solution backward
pass for mlp, switch grad_h by grad_htilde"), fixed in commit c746ff077f9b7d6b2da5acfaac999e1106ec7360.
The course's solution computes h_tilde = x W_h + b_h, h = tanh(h_tilde) and a softmax cross-entropy
averaged over the batch (samples are rows, 10 classes). backward() computed grad_htilde = grad_h *
grad_tanh(h) and then did not use it: the hidden weight gradient was taken from grad_h, the gradient
with respect to h, so the tanh derivative 1 - h^2 was left out. The hidden bias line had the same
mistake and was only fixed later (pull request #9); it is left out here and only the weight gradients
and the output bias are checked. The original is torch code; grad_tanh(h) = 1 - h^2 takes the output.
Loss: mean cross-entropy of softmax(tanh(x W_h + b_h) W_o + b_o); x (4, 3), W_h (3, 5), W_o (5, 10).
"""

import torch
import torch.nn.functional as F

from verify import derivation


def softmax(x):
    e = torch.exp(x - x.max(dim=1, keepdim=True).values)
    return e / e.sum(dim=1, keepdim=True)


def grad_tanh(h):
    return 1 - h ** 2


def loss(inputs, targets, w_hidden, b_hidden, w_output, b_output):
    h = torch.tanh(torch.mm(inputs, w_hidden) + b_hidden)
    logits = torch.mm(h, w_output) + b_output
    return F.cross_entropy(logits, targets)


def grad(inputs, targets, w_hidden, b_hidden, w_output, b_output):
    batch_size = len(inputs)
    h_tilde = torch.mm(inputs, w_hidden) + b_hidden
    h = torch.tanh(h_tilde)
    logits = torch.mm(h, w_output) + b_output
    probs = softmax(logits)

    grad_logits = probs - torch.eye(10, dtype=inputs.dtype)[targets]
    grad_wo = torch.mm(h.T, grad_logits) / batch_size
    grad_bo = torch.sum(grad_logits, dim=0) / batch_size

    grad_h = torch.mm(grad_logits, w_output.T)
    grad_htilde = grad_h * grad_tanh(h)
    grad_wh = torch.mm(inputs.T, grad_h) / batch_size  # <- wrong
    return grad_wh, grad_wo, grad_bo


def grad_fixed(inputs, targets, w_hidden, b_hidden, w_output, b_output):
    batch_size = len(inputs)
    h_tilde = torch.mm(inputs, w_hidden) + b_hidden
    h = torch.tanh(h_tilde)
    logits = torch.mm(h, w_output) + b_output
    probs = softmax(logits)

    grad_logits = probs - torch.eye(10, dtype=inputs.dtype)[targets]
    grad_wo = torch.mm(h.T, grad_logits) / batch_size
    grad_bo = torch.sum(grad_logits, dim=0) / batch_size

    grad_h = torch.mm(grad_logits, w_output.T)
    grad_htilde = grad_h * grad_tanh(h)
    grad_wh = torch.mm(inputs.T, grad_htilde) / batch_size
    return grad_wh, grad_wo, grad_bo


SPEC = dict(wrt=("w_hidden", "w_output", "b_output"),
            shapes={"inputs": (4, 3), "targets": (4,), "w_hidden": (3, 5), "b_hidden": (5,),
                    "w_output": (5, 10), "b_output": (10,)},
            draws={"targets": ("labels", 10)})
case = derivation(loss, grad, **SPEC, name="u_mlp_04")
CAUSE = "activation-derivative-missing"
FIX = "Multiply inputs.T by grad_htilde, not grad_h, for the hidden weights: grad_wh = torch.mm(inputs.T, grad_htilde) / batch_size."
