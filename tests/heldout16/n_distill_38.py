"""Knowledge distillation with temperature tau = 3 (Hinton et al.), torch:
p = softmax(a / tau) (teacher), z = x W (student), q = softmax(z / tau),
L = tau^2 kl_div(log q, p, batchmean) = tau^2 / N sum_n KL(p_n || q_n);
x (N, D), W (D, C), a (N, C); N = 5, D = 4, C = 6.
"""

import torch
import torch.nn.functional as F

from verify import derivation

TAU = 3.0


def loss(x, W, a):
    p = F.softmax(a / TAU, dim=1)
    log_q = F.log_softmax(x @ W / TAU, dim=1)
    return TAU ** 2 * F.kl_div(log_q, p, reduction="batchmean")


def grad(x, W, a):
    N = x.shape[0]
    p = torch.softmax(a / TAU, dim=1)
    q = torch.softmax(x @ W / TAU, dim=1)
    # dKL/d(z / tau) = q - p, then the chain rule through z / tau and the tau^2 in front
    dz = TAU ** 2 * (q - p) / N  # <- wrong
    return x.T @ dz


def grad_fixed(x, W, a):
    N = x.shape[0]
    p = torch.softmax(a / TAU, dim=1)
    q = torch.softmax(x @ W / TAU, dim=1)
    # dKL/d(z / tau) = q - p, then the chain rule through z / tau and the tau^2 in front
    dz = TAU * (q - p) / N
    return x.T @ dz


SPEC = dict(wrt="W", shapes={"x": ("N", "D"), "W": ("D", "C"), "a": ("N", "C")},
            sizes={"N": 5, "D": 4, "C": 6})
case = derivation(loss, grad, **SPEC, name="n_distill_38")
CAUSE = "wrong-coefficient"
FIX = "The tau^2 in front meets a 1/tau from differentiating z / tau, so dz = TAU * (q - p) / N."
