"""Classical machine-learning objectives with their gradients, as a from-scratch ML library
writes them for an L-BFGS solver.

Objective functions return ``(loss, grad)`` pairs and take the parameters as the solver
sees them (a coefficient vector with the intercept appended, or ``coef``, ``intercept``
and a scale ``sigma`` packed into one vector): multinomial logistic (softmax) regression
with an L2 term, a linear SVM's primal with the hinge's subgradient, binary logistic
regression with labels in {-1, +1} and ``log(1 + exp(-y z))`` computed stably, ridge
regression through the Gram matrix ``X^T X`` with per-sample weights at large and small
scales, Poisson and Gamma GLMs with a log link (the halved deviances, constants dropped),
heteroscedastic regression whose Gaussian negative log-likelihood learns a log-variance,
the elastic net with ``np.sign`` as the L1 subgradient, the Huber regressor that fits its
own scale ``sigma``, and a Cox proportional-hazards partial likelihood over risk sets.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation

# --- multinomial logistic regression, L2 ---------------------------------------------------

ALPHA = 0.1


def softmax_regression_loss_grad(W, b, X, y, alpha):
    n_samples = X.shape[0]
    scores = X @ W + b
    scores -= scores.max(axis=1, keepdims=True)
    log_norm = np.log(np.exp(scores).sum(axis=1, keepdims=True))
    log_probs = scores - log_norm
    loss = -log_probs[np.arange(n_samples), y].mean() + 0.5 * alpha * np.sum(W * W)
    probs = np.exp(log_probs)
    Y = np.zeros_like(probs)
    Y[np.arange(n_samples), y] = 1.0
    diff = (probs - Y) / n_samples
    grad_W = X.T @ diff + alpha * W
    grad_b = diff.sum(axis=0)
    return loss, (grad_W, grad_b)


def softmax_regression_loss(W, b, X, y):
    return F.cross_entropy(X @ W + b, y) + 0.5 * ALPHA * (W * W).sum()


def softmax_regression_grad(W, b, X, y):
    _, grads = softmax_regression_loss_grad(W, b, X, y, ALPHA)
    return grads


softmax_regression = derivation(
    softmax_regression_loss, softmax_regression_grad, wrt=("W", "b"),
    shapes={"W": ("D", "K"), "b": ("K",), "X": ("N", "D"), "y": ("N",)},
    draws={"y": ("labels", "K")}, sizes={"D": 4, "K": 3, "N": 8})


# --- linear SVM, primal, hinge subgradient ------------------------------------------------------

C_SVM = 0.5


def svm_objective(w, b, X, y01, C):
    y = 2.0 * y01 - 1.0  # {0, 1} -> {-1, +1}
    margins = y * (X @ w + b)
    active = margins < 1
    loss = 0.5 * w @ w + C * np.maximum(0, 1 - margins).sum()
    grad_w = w - C * X[active].T @ y[active]
    grad_b = -C * y[active].sum()
    return loss, grad_w, grad_b


def svm_loss(w, b, X, y01):
    y = 2.0 * y01 - 1.0
    return 0.5 * (w * w).sum() + C_SVM * torch.clamp(1 - y * (X @ w + b), min=0).sum()


def svm_grad(w, b, X, y01):
    _, grad_w, grad_b = svm_objective(w, b, X, y01, C_SVM)
    return grad_w, grad_b


linear_svm_primal = derivation(
    svm_loss, svm_grad, wrt=("w", "b"),
    shapes={"w": ("D",), "b": (), "X": ("N", "D"), "y01": ("N",)},
    draws={"y01": ("labels", 2)}, sizes={"D": 3, "N": 10})


# --- logistic regression, labels in {-1, +1}, intercept appended to w ------------------------


def log_logistic(x):
    """log(1 / (1 + exp(-x))), computed without overflow."""
    return -np.logaddexp(0, -x)


def expit(x):
    out = np.empty_like(x)
    pos = x >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
    ex = np.exp(x[~pos])
    out[~pos] = ex / (1.0 + ex)
    return out


def _intercept_dot(w, X, y):
    c = 0.0
    if w.size == X.shape[1] + 1:
        c = w[-1]
        w = w[:-1]
    z = X @ w + c
    yz = y * z
    return w, c, yz


def _logistic_loss_and_grad(w, X, y, alpha):
    n_features = X.shape[1]
    grad = np.empty_like(w)
    w, _, yz = _intercept_dot(w, X, y)
    out = -np.sum(log_logistic(yz)) + 0.5 * alpha * np.dot(w, w)
    z = expit(yz)
    z0 = (z - 1) * y
    grad[:n_features] = X.T @ z0 + alpha * w
    if grad.shape[0] > n_features:
        grad[-1] = z0.sum()
    return out, grad


def logistic_pm1_loss(w, X, labels):
    y = 2 * labels - 1
    coef, c = w[:-1], w[-1]
    return -F.logsigmoid(y * (X @ coef + c)).sum() + 0.5 * 1.0 * (coef * coef).sum()


def logistic_pm1_grad(w, X, labels):
    y = 2 * labels - 1
    _, grad = _logistic_loss_and_grad(w, X, y, 1.0)
    return grad


logistic_pm1 = derivation(
    logistic_pm1_loss, logistic_pm1_grad, wrt="w",
    shapes={"w": (5,), "X": ("N", 4), "labels": ("N",)},
    draws={"labels": ("labels", 2)}, sizes={"N": 12})


# --- weighted ridge through the Gram matrix, at large and small scales ---------------------------

RIDGE_ALPHA = 2.0


def ridge_objective(W, X, Y, sample_weight, alpha):
    Xw = X.T * sample_weight  # (D, N): X^T diag(s)
    gram = Xw @ X
    XtY = Xw @ Y
    resid = X @ W - Y
    loss = np.sum(sample_weight[:, None] * resid ** 2) + alpha * np.sum(W ** 2)
    grad = 2.0 * (gram @ W - XtY + alpha * W)
    return loss, grad


def ridge_loss(W, X, Y, sample_weight):
    resid = X @ W - Y
    return (sample_weight[:, None] * resid ** 2).sum() + RIDGE_ALPHA * (W ** 2).sum()


def ridge_grad(W, X, Y, sample_weight):
    return ridge_objective(W, X, Y, sample_weight, RIDGE_ALPHA)[1]


ridge_large_inputs = derivation(
    ridge_loss, ridge_grad, wrt="W",
    shapes={"W": ("D", "K"), "X": ("N", "D"), "Y": ("N", "K"), "sample_weight": ("N",)},
    draws={"X": ("normal", 1000.0), "Y": ("normal", 1000.0), "W": ("normal", 0.001),
           "sample_weight": "positive"},
    sizes={"D": 3, "K": 2, "N": 7})

ridge_small_inputs = derivation(
    ridge_loss, ridge_grad, wrt="W",
    shapes={"W": ("D", "K"), "X": ("N", "D"), "Y": ("N", "K"), "sample_weight": ("N",)},
    draws={"X": ("normal", 1e-3), "Y": ("normal", 1e-3), "W": ("normal", 1e-3),
           "sample_weight": ("positive", 1e-3, 1e-4)},
    sizes={"D": 3, "K": 2, "N": 7})


# --- Poisson GLM, log link --------------------------------------------------------------------

GLM_ALPHA = 0.05


def poisson_objective(coef, X, y, alpha):
    n = X.shape[0]
    w, intercept = coef[:-1], coef[-1]
    eta = X @ w + intercept
    mu = np.exp(eta)
    loss = np.mean(mu - y * eta) + 0.5 * alpha * w @ w
    temp = (mu - y) / n
    grad = np.empty_like(coef)
    grad[:-1] = X.T @ temp + alpha * w
    grad[-1] = temp.sum()
    return loss, grad


def poisson_loss(coef, X, y):
    w, intercept = coef[:-1], coef[-1]
    eta = X @ w + intercept
    return (torch.exp(eta) - y * eta).mean() + 0.5 * GLM_ALPHA * (w * w).sum()


def poisson_grad(coef, X, y):
    return poisson_objective(coef, X, y, GLM_ALPHA)[1]


poisson_glm = derivation(
    poisson_loss, poisson_grad, wrt="coef",
    shapes={"coef": (4,), "X": ("N", 3), "y": ("N",)},
    draws={"y": ("labels", 6), "coef": ("normal", 0.5)}, sizes={"N": 9})


# --- Gamma GLM, log link ------------------------------------------------------------------------


def gamma_objective(coef, X, y, alpha):
    n = X.shape[0]
    w, intercept = coef[:-1], coef[-1]
    raw = X @ w + intercept
    loss = np.mean(raw + y * np.exp(-raw)) + 0.5 * alpha * w @ w
    g = (1.0 - y * np.exp(-raw)) / n
    grad = np.concatenate([X.T @ g + alpha * w, [g.sum()]])
    return loss, grad


def gamma_loss(coef, X, y):
    w, intercept = coef[:-1], coef[-1]
    raw = X @ w + intercept
    return (raw + y * torch.exp(-raw)).mean() + 0.5 * GLM_ALPHA * (w * w).sum()


def gamma_grad(coef, X, y):
    return gamma_objective(coef, X, y, GLM_ALPHA)[1]


gamma_glm = derivation(
    gamma_loss, gamma_grad, wrt="coef",
    shapes={"coef": (4,), "X": ("N", 3), "y": ("N",)},
    draws={"y": "positive", "coef": ("normal", 0.5)}, sizes={"N": 9})


# --- heteroscedastic regression: Gaussian NLL with a learned log-variance ----------------------

LOG_2PI = float(np.log(2 * np.pi))


def gaussian_nll_objective(W_mu, W_logvar, X, y):
    n = X.shape[0]
    mu = X @ W_mu
    log_var = X @ W_logvar
    inv_var = np.exp(-log_var)
    r = y - mu
    loss = 0.5 * np.mean(LOG_2PI + log_var + r * r * inv_var)
    d_mu = -r * inv_var / n
    d_logvar = 0.5 * (1.0 - r * r * inv_var) / n
    return loss, X.T @ d_mu, X.T @ d_logvar


def gaussian_nll_loss(W_mu, W_logvar, X, y):
    mu = X @ W_mu
    log_var = X @ W_logvar
    return 0.5 * (LOG_2PI + log_var + (y - mu) ** 2 * torch.exp(-log_var)).mean()


def gaussian_nll_grad(W_mu, W_logvar, X, y):
    _, g_mu, g_logvar = gaussian_nll_objective(W_mu, W_logvar, X, y)
    return g_mu, g_logvar


gaussian_nll_log_variance = derivation(
    gaussian_nll_loss, gaussian_nll_grad, wrt=("W_mu", "W_logvar"),
    shapes={"W_mu": ("D",), "W_logvar": ("D",), "X": ("N", "D"), "y": ("N",)},
    draws={"W_logvar": ("normal", 0.3)}, sizes={"D": 3, "N": 8})


# --- elastic net ------------------------------------------------------------------------------

EN_ALPHA, L1_RATIO = 0.3, 0.7


def enet_objective(w, X, y, alpha, l1_ratio):
    n = X.shape[0]
    R = y - X @ w
    loss = (R @ R) / (2 * n) + alpha * l1_ratio * np.abs(w).sum() \
        + 0.5 * alpha * (1 - l1_ratio) * (w @ w)
    grad = -X.T @ R / n + alpha * l1_ratio * np.sign(w) + alpha * (1 - l1_ratio) * w
    return loss, grad


def enet_loss(w, X, y):
    R = y - X @ w
    return (R @ R) / (2 * X.shape[0]) + EN_ALPHA * L1_RATIO * w.abs().sum() \
        + 0.5 * EN_ALPHA * (1 - L1_RATIO) * (w @ w)


def enet_grad(w, X, y):
    return enet_objective(w, X, y, EN_ALPHA, L1_RATIO)[1]


elastic_net = derivation(
    enet_loss, enet_grad, wrt="w",
    shapes={"w": ("D",), "X": ("N", "D"), "y": ("N",)}, sizes={"D": 5, "N": 6})


# --- Huber regressor that fits its own scale -----------------------------------------------------

HUBER_EPSILON, HUBER_ALPHA = 1.35, 1e-4


def _huber_loss_and_gradient(w, X, y, epsilon, alpha):
    """w = [coef..., intercept, sigma]."""
    n_samples, n_features = X.shape
    intercept = w[-2]
    sigma = w[-1]
    coef = w[:n_features]

    linear_loss = y - X @ coef - intercept
    abs_linear_loss = np.abs(linear_loss)
    outliers_mask = abs_linear_loss > epsilon * sigma

    outliers = abs_linear_loss[outliers_mask]
    num_outliers = np.count_nonzero(outliers_mask)
    outlier_loss = 2.0 * epsilon * np.sum(outliers) - sigma * num_outliers * epsilon ** 2

    non_outliers = linear_loss[~outliers_mask]
    squared_loss = np.dot(non_outliers, non_outliers) / sigma

    grad = np.zeros(n_features + 2)
    X_non_outliers = -X[~outliers_mask]
    grad[:n_features] = 2.0 / sigma * (non_outliers @ X_non_outliers)

    signed_outliers = np.ones_like(outliers)
    signed_outliers[linear_loss[outliers_mask] < 0] = -1.0
    X_outliers = X[outliers_mask]
    grad[:n_features] -= 2.0 * epsilon * (signed_outliers @ X_outliers)
    grad[:n_features] += alpha * 2.0 * coef

    grad[-1] = n_samples
    grad[-1] -= num_outliers * epsilon ** 2
    grad[-1] -= squared_loss / sigma

    grad[-2] = -2.0 * np.sum(non_outliers) / sigma
    grad[-2] -= 2.0 * epsilon * np.sum(signed_outliers)

    loss = n_samples * sigma + squared_loss + outlier_loss + alpha * np.dot(coef, coef)
    return loss, grad


def huber_loss(coef, intercept, sigma, X, y):
    r = y - X @ coef - intercept
    a = r.abs()
    per_sample = torch.where(a > HUBER_EPSILON * sigma,
                             2 * HUBER_EPSILON * a - sigma * HUBER_EPSILON ** 2, r * r / sigma)
    return X.shape[0] * sigma + per_sample.sum() + HUBER_ALPHA * (coef @ coef)


def huber_grad(coef, intercept, sigma, X, y):
    w = np.concatenate([coef, [intercept], [sigma]])
    _, grad = _huber_loss_and_gradient(w, X, y, HUBER_EPSILON, HUBER_ALPHA)
    return grad[:-2], grad[-2], grad[-1]


huber_regressor = derivation(
    huber_loss, huber_grad, wrt=("coef", "intercept", "sigma"),
    shapes={"coef": ("D",), "intercept": (), "sigma": (), "X": ("N", "D"), "y": ("N",)},
    draws={"sigma": ("positive", 1.0, 0.5), "y": ("normal", 2.0)}, sizes={"D": 2, "N": 11})


# --- Cox proportional hazards, Breslow partial likelihood ---------------------------------------


def cox_loss(beta, X, time, event):
    eta = X @ beta
    at_risk = time[None, :] >= time[:, None]  # row i: who is still at risk at time_i
    log_risk = torch.logsumexp(eta[None, :].masked_fill(~at_risk, float("-inf")), dim=1)
    return -((eta - log_risk) * event).sum() / event.sum().clamp(min=1)


def cox_grad(beta, X, time, event):
    eta = X @ beta
    at_risk = time[None, :] >= time[:, None]
    scores = torch.where(at_risk, eta[None, :], torch.full_like(at_risk, float("-inf"),
                                                                 dtype=eta.dtype))
    log_risk = torch.logsumexp(scores, dim=1, keepdim=True)
    p = torch.exp(scores - log_risk)  # row i: each member's share of risk set i
    n_events = event.sum().clamp(min=1)
    d_eta = (-event + (event[:, None] * p).sum(dim=0)) / n_events
    return X.T @ d_eta


cox_partial_likelihood = derivation(
    cox_loss, cox_grad, wrt="beta",
    shapes={"beta": ("D",), "X": ("N", "D"), "time": ("N",), "event": ("N",)},
    draws={"time": "positive", "event": ("labels", 2)}, sizes={"D": 3, "N": 10})
