"""Losses from papers and libraries, with their gradients worked out by hand.

Sequence cross-entropy with a length mask, label smoothing in PyTorch's convention and in
the "eps spread over the other classes" convention, margin ranking, cosine embedding,
Student-t negative log-likelihood (location, log-scale and degrees of freedom), the
pinball loss of quantile regression, Tweedie deviance with a log link, log-cosh,
Charbonnier and anisotropic total variation. Some gradients are numpy, some torch; the
losses are what a training script would call.
"""

import math

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation

# --- sequence cross-entropy with a length mask ----------------------------------------------


def masked_seq_loss(logits, targets, lengths):
    # lengths[n] is the index of the last real step (so every sequence has at least one)
    T = logits.shape[1]
    mask = (torch.arange(T)[None, :] <= lengths[:, None]).to(logits.dtype)
    ce = F.cross_entropy(logits.transpose(1, 2), targets, reduction="none")
    return (ce * mask).sum() / mask.sum()


def _softmax_rows(z):
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def masked_seq_grad(logits, targets, lengths):
    N, T, _ = logits.shape
    n_tokens = sum(int(length) + 1 for length in lengths)
    dlogits = np.zeros(logits.shape)
    rows = np.arange(N)
    for t in range(T):
        p = _softmax_rows(logits[:, t, :])
        p[rows, targets[:, t]] -= 1.0
        alive = (lengths >= t).astype(float)
        dlogits[:, t, :] = p * alive[:, None] / n_tokens
    return dlogits


masked_sequence_ce = derivation(
    masked_seq_loss, masked_seq_grad, wrt="logits",
    shapes={"logits": ("N", "T", "C"), "targets": ("N", "T"), "lengths": ("N",)},
    draws={"targets": ("labels", "C"), "lengths": ("labels", "T")},
    sizes={"N": 3, "T": 5, "C": 4})


# --- label smoothing ------------------------------------------------------------------------

SMOOTHING = 0.1


def label_smoothing_loss(x, t):
    return F.cross_entropy(x, t, label_smoothing=SMOOTHING)


def label_smoothing_grad(x, t):
    # q = (1 - eps) onehot(t) + eps / C, and d CE / dx = (softmax(x) - q) / N
    N, C = x.shape
    p = torch.softmax(x, dim=1)
    q = torch.full_like(x, SMOOTHING / C)
    q = q + (1 - SMOOTHING) * F.one_hot(t, C).to(x.dtype)
    return (p - q) / N


label_smoothing_torch = derivation(
    label_smoothing_loss, label_smoothing_grad, wrt="x",
    shapes={"x": ("N", "C"), "t": ("N",)}, draws={"t": ("labels", "C")},
    sizes={"N": 6, "C": 5})


def smoothed_other_classes_loss(x, t):
    # the true class keeps 1 - eps, the other C - 1 classes share eps
    C = x.shape[1]
    onehot = F.one_hot(t, C).to(x.dtype)
    target = onehot * (1 - SMOOTHING) + (1 - onehot) * SMOOTHING / (C - 1)
    return -(target * F.log_softmax(x, dim=1)).sum(dim=1).mean()


def smoothed_other_classes_grad(x, t):
    batch, n_classes = x.shape
    off = SMOOTHING / (n_classes - 1)
    target = np.full((batch, n_classes), off)
    target[np.arange(batch), t] = 1.0 - SMOOTHING
    # the target rows sum to one, so dCE/dx = softmax - target
    return (_softmax_rows(x) - target) / batch


label_smoothing_other_classes = derivation(
    smoothed_other_classes_loss, smoothed_other_classes_grad, wrt="x",
    shapes={"x": (4, 7), "t": (4,)}, draws={"t": ("labels", 7)})


# --- margin ranking and cosine embedding ----------------------------------------------------

MARGIN = 0.3


def margin_ranking_loss(x1, x2, y):
    sign = 2.0 * y.to(x1.dtype) - 1.0  # labels {0, 1} -> {-1, +1}
    return F.margin_ranking_loss(x1, x2, sign, margin=MARGIN)


def margin_ranking_grad(x1, x2, y):
    sign = 2.0 * y - 1.0
    active = (-sign * (x1 - x2) + MARGIN) > 0
    g = np.where(active, -sign, 0.0) / x1.size
    return g, -g


margin_ranking = derivation(
    margin_ranking_loss, margin_ranking_grad, wrt=("x1", "x2"),
    shapes={"x1": ("B",), "x2": ("B",), "y": ("B",)}, draws={"y": ("labels", 2)},
    sizes={"B": 8})

COS_MARGIN = 0.2


def cosine_embedding_loss(a, b, y):
    sign = 2.0 * y.to(a.dtype) - 1.0
    return F.cosine_embedding_loss(a, b, sign, margin=COS_MARGIN)


def cosine_embedding_grad(a, b, y):
    na = a.norm(dim=1, keepdim=True)
    nb = b.norm(dim=1, keepdim=True)
    cos = (a * b).sum(dim=1, keepdim=True) / (na * nb)
    dcos_da = b / (na * nb) - cos * a / na ** 2
    dcos_db = a / (na * nb) - cos * b / nb ** 2
    positive = (y == 1).to(a.dtype)[:, None]
    hinge_on = ((y == 0) & (cos[:, 0] > COS_MARGIN)).to(a.dtype)[:, None]
    w = (hinge_on - positive) / a.shape[0]  # d loss / d cos, per row
    return w * dcos_da, w * dcos_db


cosine_embedding = derivation(
    cosine_embedding_loss, cosine_embedding_grad, wrt=("a", "b"),
    shapes={"a": ("N", "D"), "b": ("N", "D"), "y": ("N",)}, draws={"y": ("labels", 2)},
    sizes={"N": 5, "D": 4})


# --- Student-t negative log-likelihood --------------------------------------------------------


def student_t_loss(mu, log_sigma, nu, y):
    dist = torch.distributions.StudentT(nu, mu, log_sigma.exp())
    return -dist.log_prob(y).sum()


def student_t_grad(mu, log_sigma, nu, y):
    sigma = torch.exp(log_sigma)
    z = (y - mu) / sigma
    denom = nu + z * z
    d_mu = -(nu + 1) * z / (sigma * denom)
    d_log_sigma = 1 - (nu + 1) * z * z / denom
    d_nu = (0.5 * torch.special.digamma(nu / 2) - 0.5 * torch.special.digamma((nu + 1) / 2)
            + 0.5 / nu + 0.5 * torch.log1p(z * z / nu) - (nu + 1) * z * z / (2 * nu * denom))
    return d_mu, d_log_sigma, d_nu


student_t_nll = derivation(
    student_t_loss, student_t_grad, wrt=("mu", "log_sigma", "nu"),
    shapes={"mu": (6,), "log_sigma": (6,), "nu": (6,), "y": (6,)},
    draws={"nu": ("positive", 2.0, 1.0), "log_sigma": ("normal", 0.5)})


# --- pinball (quantile) loss ----------------------------------------------------------------

QUANTILES = (0.1, 0.5, 0.9)


def pinball_loss(pred, y):
    taus = torch.tensor(QUANTILES, dtype=pred.dtype)
    err = y[:, None] - pred
    return torch.maximum(taus * err, (taus - 1) * err).mean()


def pinball_grad(pred, y):
    n, q = pred.shape
    grad = np.empty_like(pred)
    for i in range(n):
        for j, tau in enumerate(QUANTILES):
            # d/dpred of max(tau e, (tau - 1) e) with e = y - pred
            grad[i, j] = -tau if y[i] > pred[i, j] else 1.0 - tau
    return grad / (n * q)


pinball = derivation(pinball_loss, pinball_grad, wrt="pred",
                     shapes={"pred": ("N", 3), "y": ("N",)}, sizes={"N": 5})


# --- Tweedie deviance with a log link --------------------------------------------------------

POWER = 1.5


def tweedie_loss(f, y):
    mu = torch.exp(f)
    p = POWER
    dev = 2 * (y ** (2 - p) / ((1 - p) * (2 - p)) - y * mu ** (1 - p) / (1 - p)
               + mu ** (2 - p) / (2 - p))
    return dev.mean()


def tweedie_grad(f, y):
    # d dev / d mu = 2 (mu^(1-p) - y mu^(-p)); d mu / d f = mu
    out = []
    for fi, yi in zip(f.tolist(), y.tolist(), strict=True):
        mu = math.exp(fi)
        out.append(2.0 * (mu ** (2 - POWER) - yi * mu ** (1 - POWER)) / len(f))
    return out


tweedie_deviance = derivation(tweedie_loss, tweedie_grad, wrt="f",
                              shapes={"f": (7,), "y": (7,)},
                              draws={"y": ("positive", 1.0, 0.05), "f": ("normal", 0.5)})


# --- robust regression losses ------------------------------------------------------------


def log_cosh_loss(pred, target):
    return torch.log(torch.cosh(pred - target)).mean()


def log_cosh_grad(pred, target):
    return np.tanh(pred - target) / pred.size


log_cosh = derivation(log_cosh_loss, log_cosh_grad, wrt="pred",
                      shapes={"pred": (4, 3), "target": (4, 3)})

CHARBONNIER_EPS = 1e-3


def charbonnier_loss(x, y):
    return torch.sqrt((x - y) ** 2 + CHARBONNIER_EPS ** 2).sum()


def charbonnier_grad(x, y):
    diff = x - y
    return diff / torch.sqrt(diff * diff + CHARBONNIER_EPS * CHARBONNIER_EPS)


charbonnier = derivation(charbonnier_loss, charbonnier_grad, wrt="x",
                         shapes={"x": (2, 5, 5), "y": (2, 5, 5)})


# --- total variation ------------------------------------------------------------------------


def tv_loss(img):
    dh = img[:, 1:, :] - img[:, :-1, :]
    dw = img[:, :, 1:] - img[:, :, :-1]
    return dh.abs().sum() + dw.abs().sum()


def tv_grad(img):
    g = np.zeros_like(img)
    sh = np.sign(img[:, 1:, :] - img[:, :-1, :])
    sw = np.sign(img[:, :, 1:] - img[:, :, :-1])
    np.add(g[:, 1:, :], sh, out=g[:, 1:, :])
    np.subtract(g[:, :-1, :], sh, out=g[:, :-1, :])
    g[:, :, 1:] += sw
    g[:, :, :-1] -= sw
    return g


total_variation = derivation(tv_loss, tv_grad, wrt="img",
                             shapes={"img": ("C", "H", "W")}, sizes={"C": 2, "H": 5, "W": 6})
