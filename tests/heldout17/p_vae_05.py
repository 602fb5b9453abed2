"""VAE encoder head, torch: z = mu + exp(logvar / 2) * eps (reparameterisation), with the decoder's
upstream gradient G on z and the Gaussian KL: L = sum(G * z) - 1/2 sum(1 + logvar - mu^2 - exp(logvar));
mu, logvar, eps, G all (4, 3).
"""

import torch

from verify import derivation


def loss(mu, logvar, eps, G):
    z = mu + torch.exp(0.5 * logvar) * eps
    kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return (G * z).sum() + kl


def grad(mu, logvar, eps, G):
    std = torch.exp(0.5 * logvar)
    dmu = G + mu
    dlogvar = G * eps * 0.5 * std
    dlogvar = dlogvar + 0.5 * (1 - torch.exp(logvar))  # <- wrong
    return dmu, dlogvar


def grad_fixed(mu, logvar, eps, G):
    std = torch.exp(0.5 * logvar)
    dmu = G + mu
    dlogvar = G * eps * 0.5 * std
    dlogvar = dlogvar + 0.5 * (torch.exp(logvar) - 1)
    return dmu, dlogvar


SPEC = dict(wrt=("mu", "logvar"), shapes={"mu": (4, 3), "logvar": (4, 3), "eps": (4, 3), "G": (4, 3)})
case = derivation(loss, grad, **SPEC, name="p_vae_05")
CAUSE = "sign"
FIX = "d/dlogvar of -1/2 (1 + logvar - exp(logvar)) is +1/2 (exp(logvar) - 1), not 1/2 (1 - exp(logvar))."
