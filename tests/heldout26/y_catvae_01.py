"""Gradient of the KL term of a categorical (Gumbel-softmax) VAE (Kaixhin/Autoencoders, main.lua, CatVAE branch).

Source: https://github.com/Kaixhin/Autoencoders/issues/9 ("gradient of KL in CatVAE"): "the gradients
seems to be reverse ... local gradKLLoss = softmax:backward(Model.encoder.output:view(-1, Model.k),
math.log(1 / Model.k) - logZ - 1) ... Should not be, logZ + 1 - math.log(1/Model.k) ?"; the maintainer:
"Yes, this does seem like a mistake". The encoder outputs N * k unnormalised log probabilities; z is
the softmax over each group of k, and KL(q || uniform) = sum z (log z - log(1/k)), normalised by the
number of pixels like the BCE term. The Lua torch code (a softmax module's backward fed the gradient
with respect to z) is translated to numpy: the softmax backward is z * (g - sum(g * z)).
Loss: sum(z * (log z - log(1/k))) / nElements with z = softmax over k; logits (4, 50), N = 5, k = 10.
"""

import math

import numpy as np
import torch

from verify import derivation

N_DIST, K = 5, 10
N_ELEMENTS = 4 * 28 * 28


def loss(logits):
    z = torch.softmax(logits.reshape(-1, K), dim=1)
    return (z * (torch.log(z) - math.log(1 / K))).sum() / N_ELEMENTS


def softmax_backward(z, g):
    return z * (g - np.sum(g * z, axis=1, keepdims=True))


def grad(logits):
    x = logits.reshape(-1, K)
    e = np.exp(x - x.max(axis=1, keepdims=True))
    z = e / e.sum(axis=1, keepdims=True)
    logZ = np.log(z)
    gradKLLoss = softmax_backward(z, math.log(1 / K) - logZ - 1).reshape(-1, N_DIST * K)  # <- wrong
    gradKLLoss = gradKLLoss / N_ELEMENTS
    return gradKLLoss


def grad_fixed(logits):
    x = logits.reshape(-1, K)
    e = np.exp(x - x.max(axis=1, keepdims=True))
    z = e / e.sum(axis=1, keepdims=True)
    logZ = np.log(z)
    gradKLLoss = softmax_backward(z, logZ + 1 - math.log(1 / K)).reshape(-1, N_DIST * K)
    gradKLLoss = gradKLLoss / N_ELEMENTS
    return gradKLLoss


SPEC = dict(wrt="logits", shapes={"logits": (4, N_DIST * K)})
case = derivation(loss, grad, **SPEC, name="y_catvae_01")
CAUSE = "sign"
FIX = "Feed the softmax backward the derivative of the KL term, logZ + 1 - log(1/k), not its negation."
