"""Gradient of a censored (Tobit) regression with a ridge penalty (wush978/KDD2015wpp, WinningPrice.R, censored_regression2: g.w).

Source: https://github.com/wush978/KDD2015wpp/issues/11 ("lambda2 is missing in gradient of
censored_regression2"): the objective f.w adds lambda2 * sum(tail(w, -1)^2) / 2, but the gradient
g.w adds c(0, tail(w, -1)) without lambda2; the author fixed it. The model predicts the winning
price of an auction as w %*% m (m is features x bids, one bid per column); won bids are observed
(normal density of z), lost bids are censored (log of the normal cdf of z), z = (w m - y) / sigma.
Translated from R to numpy (dnorm with log = TRUE written out, pnorm with
log.p = TRUE taken from torch.special.log_ndtr); the intercept w[0] is not
penalised; sigma = 1.5 and lambda2 = 4 here (the script tries 1000 to 5000 on hashed features).
Loss: -(sum_win log phi(z) + sum_lost log Phi(z)) + lambda2 / 2 sum(w[1:]^2); m (3, 6), w (3,), y (6,).
"""

import math

import numpy as np
import torch

from verify import derivation

SIGMA = 1.5
LAMBDA2 = 4.0
IS_WIN = np.array([1.0, 0.0, 1.0, 1.0, 0.0, 1.0])


def loss(w, m, y, is_win):
    z = (w @ m - y) / SIGMA
    win = is_win > 0.5
    log_dnorm = -0.5 * z[win] ** 2 - 0.5 * math.log(2 * math.pi)
    log_pnorm = torch.special.log_ndtr(z[~win])
    return -(log_dnorm.sum() + log_pnorm.sum()) + LAMBDA2 * (w[1:] ** 2).sum() / 2


def dnorm_log(z):
    return -0.5 * z ** 2 - 0.5 * math.log(2 * math.pi)


def pnorm_log(z):
    return torch.special.log_ndtr(torch.as_tensor(z)).numpy()


def grad(w, m, y, is_win):
    sigma, lambda2 = SIGMA, LAMBDA2
    is_win = is_win > 0.5
    z = (w @ m - y) / sigma
    z_censored = z[~is_win]
    dzdl_censored = -np.exp(dnorm_log(z_censored) - pnorm_log(z_censored))
    dzdl = z.copy()
    dzdl[~is_win] = dzdl_censored
    return (m @ dzdl) / sigma + np.concatenate([[0.0], w[1:]])  # <- wrong


def grad_fixed(w, m, y, is_win):
    sigma, lambda2 = SIGMA, LAMBDA2
    is_win = is_win > 0.5
    z = (w @ m - y) / sigma
    z_censored = z[~is_win]
    dzdl_censored = -np.exp(dnorm_log(z_censored) - pnorm_log(z_censored))
    dzdl = z.copy()
    dzdl[~is_win] = dzdl_censored
    return (m @ dzdl) / sigma + lambda2 * np.concatenate([[0.0], w[1:]])


SPEC = dict(wrt="w", shapes={"w": (3,), "m": (3, 6), "y": (6,), "is_win": (6,)},
            draws={"is_win": ("fixed", IS_WIN)})
case = derivation(loss, grad, **SPEC, name="u_censored_01")
CAUSE = "wrong-coefficient"
FIX = "Scale the penalty's gradient by lambda2, as the objective does: + lambda2 * c(0, tail(w, -1))."
