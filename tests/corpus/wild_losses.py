"""Loss functions with their gradients worked out by hand, mostly in numpy.

Linear classifiers as in the usual image-classification assignment (softmax and multiclass
SVM, naive loops and vectorised, with L2 regularisation ``reg * sum(W * W)``), a Huber
regression through ``np.clip``, a sigmoid focal loss, a KL divergence to a target
distribution, a binary cross-entropy
that clamps its probabilities in the forward as Keras does, and metric-learning losses
(contrastive with an epsilon inside the square root, triplet with a Python branch per
example). Integer labels index arrays directly; subgradients at the hinge are the ones
``margins > 0`` picks.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation

REG = 0.05


def hinge(scores, correct_scores, delta):
    """The margin term shared by the loss and the gradient: s_j - s_y + delta."""
    return scores - correct_scores + delta


# --- linear classifiers --------------------------------------------------------------------


def softmax_loss_naive(W, X, y, reg):
    loss = 0.0
    dW = np.zeros_like(W)
    num_train = X.shape[0]
    num_classes = W.shape[1]
    for i in range(num_train):
        scores = X[i].dot(W)
        scores -= np.max(scores)
        exp_scores = np.exp(scores)
        probs = exp_scores / np.sum(exp_scores)
        loss += -np.log(probs[y[i]])
        for j in range(num_classes):
            dW[:, j] += (probs[j] - (j == y[i])) * X[i]
    loss /= num_train
    dW /= num_train
    loss += reg * np.sum(W * W)
    dW += 2 * reg * W
    return loss, dW


def linear_softmax_loss(W, X, y):
    return F.cross_entropy(X @ W, y) + REG * torch.sum(W * W)


def linear_softmax_grad(W, X, y):
    return softmax_loss_naive(W, X, y, REG)[1]


softmax_classifier_naive = derivation(
    linear_softmax_loss, linear_softmax_grad, wrt="W",
    shapes={"W": ("D", "C"), "X": ("N", "D"), "y": ("N",)},
    draws={"y": ("labels", "C")}, sizes={"D": 6, "C": 4, "N": 5})


def svm_loss_naive(W, X, y, reg):
    dW = np.zeros(W.shape)
    num_classes = W.shape[1]
    num_train = X.shape[0]
    loss = 0.0
    for i in range(num_train):
        scores = X[i].dot(W)
        correct_class_score = scores[y[i]]
        for j in range(num_classes):
            if j == y[i]:
                continue
            margin = hinge(scores[j], correct_class_score, 1)
            if margin > 0:
                loss += margin
                dW[:, j] += X[i]
                dW[:, y[i]] -= X[i]
    loss /= num_train
    dW /= num_train
    loss += reg * np.sum(W * W)
    dW += reg * 2 * W
    return loss, dW


def svm_loss(W, X, y):
    scores = X @ W
    correct = scores.gather(1, y[:, None])
    margins = torch.clamp(hinge(scores, correct, 1.0), min=0)
    margins = margins * (1 - F.one_hot(y, W.shape[1]).to(W.dtype))
    return margins.sum() / X.shape[0] + REG * (W * W).sum()


def svm_naive_grad(W, X, y):
    _, dW = svm_loss_naive(W, X, y, REG)
    return dW


svm_naive = derivation(
    svm_loss, svm_naive_grad, wrt="W",
    shapes={"W": (5, 3), "X": (4, 5), "y": (4,)}, draws={"y": ("labels", 3)})


def svm_loss_vectorized(W, X, y, reg):
    num_train = X.shape[0]
    scores = X.dot(W)
    correct_class_scores = scores[np.arange(num_train), y]
    margins = np.maximum(0, hinge(scores, correct_class_scores[:, np.newaxis], 1.0))
    margins[np.arange(num_train), y] = 0
    loss = np.sum(margins) / num_train + reg * np.sum(W * W)

    binary = margins
    binary[margins > 0] = 1
    row_sum = np.sum(binary, axis=1)
    binary[np.arange(num_train), y] = -row_sum.T
    dW = np.dot(X.T, binary) / num_train + 2 * reg * W
    return loss, dW


def svm_vectorized_grad(W, X, y):
    return svm_loss_vectorized(W, X, y, REG)[1]


svm_vectorized = derivation(
    svm_loss, svm_vectorized_grad, wrt="W",
    shapes={"W": ("D", "C"), "X": ("N", "D"), "y": ("N",)},
    draws={"y": ("labels", "C")}, sizes={"D": 4, "C": 5, "N": 2})


def multi_margin_loss(x, y):
    return F.multi_margin_loss(x, y)


def multi_margin_grad(x, y):
    N, C = x.shape
    correct = x[np.arange(N), y][:, None]
    active = (hinge(x, correct, 1.0) > 0).astype(np.float32)
    active[np.arange(N), y] = 0
    dx = np.zeros_like(x)
    dx[:] = active
    dx[np.arange(N), y] = -active.sum(axis=1)
    return dx / (N * C)


multi_margin = derivation(
    multi_margin_loss, multi_margin_grad, wrt="x",
    shapes={"x": (6, 4), "y": (6,)}, draws={"y": ("labels", 4)})

# --- regression ----------------------------------------------------------------------------


HUBER_DELTA = 0.5


def huber_loss(y_pred, y_true, w):
    return F.huber_loss(y_pred @ w, y_true, delta=HUBER_DELTA)


def huber_grad(y_pred, y_true, w):
    r = y_pred.dot(w) - y_true
    dr = np.clip(r, -HUBER_DELTA, HUBER_DELTA) / r.size
    return y_pred.T.dot(dr)


huber_regression = derivation(huber_loss, huber_grad, wrt="w",
                              shapes={"y_pred": (10, 3), "y_true": (10,), "w": (3,)})

# --- classification losses -----------------------------------------------------------------

ALPHA, GAMMA = 0.25, 2.0


def focal_loss(x, t):
    t = t.to(x.dtype)
    p = torch.sigmoid(x)
    ce = F.binary_cross_entropy_with_logits(x, t, reduction="none")
    p_t = p * t + (1 - p) * (1 - t)
    loss = ce * ((1 - p_t) ** GAMMA)
    alpha_t = ALPHA * t + (1 - ALPHA) * (1 - t)
    return (alpha_t * loss).mean()


def focal_grad(x, t):
    p = 1.0 / (1.0 + np.exp(-x))
    s = 2 * t - 1
    p_t = p * t + (1 - p) * (1 - t)
    alpha_t = ALPHA * t + (1 - ALPHA) * (1 - t)
    log_pt = -np.logaddexp(0, -s * x)
    dx = s * alpha_t * (GAMMA * (1 - p_t) ** GAMMA * p_t * log_pt - (1 - p_t) ** (GAMMA + 1))
    return dx / x.size


sigmoid_focal = derivation(focal_loss, focal_grad, wrt="x",
                           shapes={"x": (4, 5), "t": (4, 5)}, draws={"t": ("labels", 2)})


def kl_loss(x, q_raw):
    q = q_raw / q_raw.sum(dim=1, keepdim=True)
    return F.kl_div(F.log_softmax(x, dim=1), q, reduction="batchmean")


def kl_grad(x, q_raw):
    q = q_raw / q_raw.sum(axis=1, keepdims=True)
    e = np.exp(x - x.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    return (p - q) / x.shape[0]


kl_to_target = derivation(kl_loss, kl_grad, wrt="x",
                          shapes={"x": ("N", "C"), "q_raw": ("N", "C")},
                          draws={"q_raw": ("positive", 1.0, 0.1)}, sizes={"N": 3, "C": 7})

EPSILON = 1e-7


def clipped_bce_loss(z, t):
    p = torch.sigmoid(z).clamp(EPSILON, 1 - EPSILON)
    return -(t * torch.log(p) + (1 - t) * torch.log(1 - p)).mean()


def clipped_bce_grad(z, t):
    p = 1 / (1 + np.exp(-z))
    inside = (p >= EPSILON) & (p <= 1 - EPSILON)
    dz = np.where(inside, p - t, 0.0)
    return dz / z.size


clipped_bce = derivation(clipped_bce_loss, clipped_bce_grad, wrt="z",
                         shapes={"z": (16,), "t": (16,)}, draws={"t": "uniform"})

# --- metric learning -----------------------------------------------------------------------

MARGIN = 2.0
EPS = 1e-9


def contrastive_loss(x1, x2, y):
    y = y.to(x1.dtype)
    d = torch.sqrt(((x1 - x2) ** 2).sum(dim=1) + EPS)
    per_pair = y * d ** 2 + (1 - y) * torch.clamp(MARGIN - d, min=0.0) ** 2
    return per_pair.mean() / 2


def contrastive_grad(x1, x2, y):
    N = x1.shape[0]
    diff = x1 - x2
    d = np.sqrt(np.sum(diff ** 2, axis=1) + EPS)
    hinge_part = np.maximum(MARGIN - d, 0.0)
    coef = y - (1 - y) * hinge_part / d
    dx1 = coef[:, None] * diff / N
    return {"x1": dx1, "x2": -dx1}


contrastive = derivation(
    contrastive_loss, contrastive_grad, wrt=("x1", "x2"),
    shapes={"x1": (6, 3), "x2": (6, 3), "y": (6,)}, draws={"y": ("labels", 2)})

TRIPLET_MARGIN = 1.0


def triplet_loss(anchor, positive, negative):
    d_ap = ((anchor - positive) ** 2).sum(1)
    d_an = ((anchor - negative) ** 2).sum(1)
    return torch.relu(d_ap - d_an + TRIPLET_MARGIN).mean()


def triplet_grad(anchor, positive, negative):
    n = anchor.shape[0]
    da = np.zeros(anchor.shape)
    dp = np.zeros(positive.shape)
    dn = np.zeros(negative.shape)
    for i in range(n):
        a, p, q = anchor[i], positive[i], negative[i]
        d_ap = np.sum((a - p) ** 2)
        d_an = np.sum((a - q) ** 2)
        if d_ap - d_an + TRIPLET_MARGIN > 0:
            da[i] = 2 * (q - p) / n
            dp[i] = -2 * (a - p) / n
            dn[i] = 2 * (a - q) / n
    return da, dp, dn


triplet = derivation(
    triplet_loss, triplet_grad, wrt=("anchor", "positive", "negative"),
    shapes={"anchor": ("B", "E"), "positive": ("B", "E"), "negative": ("B", "E")},
    sizes={"B": 4, "E": 4})
