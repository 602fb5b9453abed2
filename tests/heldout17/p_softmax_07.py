"""Linear softmax classifier, torch: logits = X W, L = mean_n CE(softmax(logits_n), Y_n), Y one-hot rows;
X (N, D), W (D, C), Y (N, C); N = 6, D = 4, C = 5.
"""

import torch

from verify import derivation


def loss(X, W, Y):
    logp = torch.log_softmax(X @ W, dim=1)
    return -(Y * logp).sum(dim=1).mean()


def grad(X, W, Y):
    logits = X @ W
    P = torch.softmax(logits, dim=1)
    dlogits = P - Y  # <- wrong
    return X.T @ dlogits


def grad_fixed(X, W, Y):
    logits = X @ W
    P = torch.softmax(logits, dim=1)
    dlogits = (P - Y) / X.shape[0]
    return X.T @ dlogits


SPEC = dict(wrt="W", shapes={"X": ("N", "D"), "W": ("D", "C"), "Y": ("N", "C")},
            sizes={"N": 6, "D": 4, "C": 5}, draws={"Y": "onehot"})
case = derivation(loss, grad, **SPEC, name="p_softmax_07")
CAUSE = "batch-mean"
FIX = "The loss averages over the N rows, so dlogits = (P - Y) / N."
