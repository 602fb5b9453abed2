"""arthurdouillard/deepcourse, static/code/backpropagation/mlp.py, MLP.backward; PR #9
(https://github.com/arthurdouillard/deepcourse/pull/9) and issue #6: "grad_bh depends on grad_htilde,
not grad_h, since tanh is performed on XW+b" (fixed in c746ff0).
h = tanh(x W_h + b_h), probs = softmax(h W_o + b_o), L = mean cross-entropy;
x (5, 4), w_hidden (4, 3), b_hidden (3,), w_output (3, 2), b_output (2,), targets one-hot (5, 2).
"""

import torch

from verify import derivation


def loss(inputs, w_hidden, b_hidden, w_output, b_output, targets):
    h = torch.tanh(torch.mm(inputs, w_hidden) + b_hidden)
    logits = torch.mm(h, w_output) + b_output
    return -(targets * torch.log_softmax(logits, dim=1)).sum(1).mean()


def grad_tanh(tanh_results):
    return 1 - tanh_results ** 2


def grad(inputs, w_hidden, b_hidden, w_output, b_output, targets):
    batch_size = len(inputs)
    h = torch.tanh(torch.mm(inputs, w_hidden) + b_hidden)
    probs = torch.softmax(torch.mm(h, w_output) + b_output, dim=1)
    grad_logits = probs - targets
    grad_h = torch.mm(grad_logits, w_output.T)
    grad_htilde = grad_h * grad_tanh(h)
    grad_wh = torch.mm(inputs.T, grad_htilde) / batch_size
    grad_bh = torch.sum(grad_h, dim=0) / batch_size  # <- wrong
    return grad_wh, grad_bh


def grad_fixed(inputs, w_hidden, b_hidden, w_output, b_output, targets):
    batch_size = len(inputs)
    h = torch.tanh(torch.mm(inputs, w_hidden) + b_hidden)
    probs = torch.softmax(torch.mm(h, w_output) + b_output, dim=1)
    grad_logits = probs - targets
    grad_h = torch.mm(grad_logits, w_output.T)
    grad_htilde = grad_h * grad_tanh(h)
    grad_wh = torch.mm(inputs.T, grad_htilde) / batch_size
    grad_bh = torch.sum(grad_htilde, dim=0) / batch_size
    return grad_wh, grad_bh


SPEC = dict(wrt=("w_hidden", "b_hidden"),
            shapes={"inputs": (5, 4), "w_hidden": (4, 3), "b_hidden": (3,), "w_output": (3, 2),
                    "b_output": (2,), "targets": (5, 2)},
            draws={"targets": "onehot"})
case = derivation(loss, grad, **SPEC, name="q_mlp_16")
CAUSE = "activation-derivative-missing"
FIX = "The hidden bias sits inside the tanh, so its gradient sums grad_htilde = grad_h * (1 - h**2), not grad_h."
