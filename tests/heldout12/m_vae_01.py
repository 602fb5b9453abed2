"""A VAE's reparameterised latent with a linear decoder and the Gaussian KL term, torch:
std = exp(logvar / 2), z = mu + std * eps, xr = z Wd,
L = 1/2 sum (xr - x)^2 - 1/2 sum (1 + logvar - mu^2 - exp(logvar));
mu (N, Z), logvar (N, Z), eps (N, Z), Wd (Z, D), x (N, D), with N = 3, Z = 2, D = 4.
"""

import torch

from verify import derivation


def loss(mu, logvar, eps, Wd, x):
    z = mu + torch.exp(0.5 * logvar) * eps
    recon = 0.5 * ((z @ Wd - x) ** 2).sum()
    kl = -0.5 * (1 + logvar - mu ** 2 - torch.exp(logvar)).sum()
    return recon + kl


def grad(mu, logvar, eps, Wd, x):
    std = torch.exp(0.5 * logvar)
    z = mu + std * eps
    xr = z @ Wd
    dxr = xr - x
    dWd = z.T @ dxr
    dz = dxr @ Wd.T
    dmu = dz + mu
    dstd = dz * z  # <- wrong
    dlogvar = 0.5 * std * dstd + 0.5 * (torch.exp(logvar) - 1)
    return dmu, dlogvar, dWd


def grad_fixed(mu, logvar, eps, Wd, x):
    std = torch.exp(0.5 * logvar)
    z = mu + std * eps
    xr = z @ Wd
    dxr = xr - x
    dWd = z.T @ dxr
    dz = dxr @ Wd.T
    dmu = dz + mu
    dstd = dz * eps
    dlogvar = 0.5 * std * dstd + 0.5 * (torch.exp(logvar) - 1)
    return dmu, dlogvar, dWd


SPEC = dict(wrt=("mu", "logvar", "Wd"),
            shapes={"mu": ("N", "Z"), "logvar": ("N", "Z"), "eps": ("N", "Z"), "Wd": ("Z", "D"),
                    "x": ("N", "D")},
            draws={}, sizes={"N": 3, "Z": 2, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_vae_01")
CAUSE = "wrong-operand"
FIX = "dz/dstd is the noise eps, not the sample z, so dstd = dz * eps."
