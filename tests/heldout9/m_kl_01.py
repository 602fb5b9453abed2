"""KL divergence from a target distribution to a model's softmax, torch:
P = softmax(a) (target), Q = softmax(z) (model), L = mean_n KL(P_n || Q_n);
a, z (N, C) logits with N = 6, C = 5; the gradient is taken for z only.
"""

import torch

from verify import derivation


def loss(a, z):
    P = torch.softmax(a, dim=-1)
    logQ = torch.log_softmax(z, dim=-1)
    return (P * (torch.log(P) - logQ)).sum(-1).mean()


def grad(a, z):
    N = z.shape[0]
    P = torch.softmax(a, dim=-1)
    Q = torch.softmax(z, dim=-1)
    # L = mean(sum P log P) - mean(sum P log Q): only the second part depends on z
    dlogQ = P / N  # <- wrong
    # through log_softmax: dz = dlogQ - Q * sum(dlogQ)
    dz = dlogQ - Q * dlogQ.sum(-1, keepdim=True)
    return dz


def grad_fixed(a, z):
    N = z.shape[0]
    P = torch.softmax(a, dim=-1)
    Q = torch.softmax(z, dim=-1)
    # L = mean(sum P log P) - mean(sum P log Q): only the second part depends on z
    dlogQ = -P / N
    # through log_softmax: dz = dlogQ - Q * sum(dlogQ)
    dz = dlogQ - Q * dlogQ.sum(-1, keepdim=True)
    return dz


SPEC = dict(wrt="z", shapes={"a": ("N", "C"), "z": ("N", "C")}, draws={},
            sizes={"N": 6, "C": 5})
case = derivation(loss, grad, **SPEC, name="m_kl_01")
CAUSE = "sign"
FIX = "L contains -P log Q, so dL/dlogQ = -P / N."
