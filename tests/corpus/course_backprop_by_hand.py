"""The "backprop by hand" exercise: every intermediate of a long forward pass gets its own line.

A character-level MLP (an embedding lookup, a hidden layer, batch norm with Bessel's
correction, tanh, an output layer and a cross-entropy written out as logits, max-subtracted
logits, counts, sums, inverse sums, probabilities and log-probabilities) with one gradient
line per intermediate, torch tensors throughout, and gradients returned as a dict; then the
same cross-entropy and batch norm each collapsed into one expression; the bigram model with
one-hot inputs, counts from ``exp`` without a max subtracted and an L2 penalty that is a
mean; and the bigram counts model where the log of a probability near 0 is taken.
"""

import torch
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def mlp_forward(C, W1, b1, bngain, bnbias, W2, b2, Xb, Yb):
    n = Xb.shape[0]
    emb = C[Xb]
    embcat = emb.view(emb.shape[0], -1)
    hprebn = embcat @ W1.reshape(-1, W1.shape[-1]) + b1
    bnmeani = 1 / n * hprebn.sum(0, keepdim=True)
    bndiff = hprebn - bnmeani
    bndiff2 = bndiff ** 2
    bnvar = 1 / (n - 1) * bndiff2.sum(0, keepdim=True)
    bnvar_inv = (bnvar + EPS) ** -0.5
    bnraw = bndiff * bnvar_inv
    hpreact = bngain * bnraw + bnbias
    h = torch.tanh(hpreact)
    logits = h @ W2 + b2
    logit_maxes = logits.max(1, keepdim=True).values
    norm_logits = logits - logit_maxes
    counts = norm_logits.exp()
    counts_sum = counts.sum(1, keepdims=True)
    counts_sum_inv = counts_sum ** -1
    probs = counts * counts_sum_inv
    logprobs = probs.log()
    loss = -logprobs[range(n), Yb].mean()
    return loss, locals()


def mlp_loss(C, W1, b1, bngain, bnbias, W2, b2, Xb, Yb):
    return mlp_forward(C, W1, b1, bngain, bnbias, W2, b2, Xb, Yb)[0]


def mlp_grad_every_step(C, W1, b1, bngain, bnbias, W2, b2, Xb, Yb):
    with torch.no_grad():
        _, v = mlp_forward(C, W1, b1, bngain, bnbias, W2, b2, Xb, Yb)
        n = Xb.shape[0]
        dlogprobs = torch.zeros_like(v["logprobs"])
        dlogprobs[range(n), Yb] = -1.0 / n
        dprobs = dlogprobs / v["probs"]
        dcounts_sum_inv = (v["counts"] * dprobs).sum(1, keepdim=True)
        dcounts = v["counts_sum_inv"] * dprobs
        dcounts_sum = -v["counts_sum"] ** -2 * dcounts_sum_inv
        dcounts += torch.ones_like(v["counts"]) * dcounts_sum
        dnorm_logits = v["counts"] * dcounts
        dlogits = dnorm_logits.clone()
        dlogit_maxes = -dnorm_logits.sum(1, keepdim=True)
        dlogits += F.one_hot(v["logits"].max(1).indices,
                             num_classes=v["logits"].shape[1]) * dlogit_maxes
        dh = dlogits @ W2.T
        dW2 = v["h"].T @ dlogits
        db2 = dlogits.sum(0)
        dhpreact = (1.0 - v["h"] ** 2) * dh
        dbngain = (v["bnraw"] * dhpreact).sum(0, keepdim=True)
        dbnraw = bngain * dhpreact
        dbnbias = dhpreact.sum(0, keepdim=True)
        dbndiff = v["bnvar_inv"] * dbnraw
        dbnvar_inv = (v["bndiff"] * dbnraw).sum(0, keepdim=True)
        dbnvar = -0.5 * (v["bnvar"] + EPS) ** -1.5 * dbnvar_inv
        dbndiff2 = 1.0 / (n - 1) * torch.ones_like(v["bndiff2"]) * dbnvar
        dbndiff += 2 * v["bndiff"] * dbndiff2
        dhprebn = dbndiff.clone()
        dbnmeani = -dbndiff.sum(0)
        dhprebn += 1.0 / n * torch.ones_like(v["hprebn"]) * dbnmeani
        dembcat = dhprebn @ W1.reshape(-1, W1.shape[-1]).T
        dW1 = (v["embcat"].T @ dhprebn).view(W1.shape)
        db1 = dhprebn.sum(0)
        demb = dembcat.view(v["emb"].shape)
        dC = torch.zeros_like(C)
        for k in range(Xb.shape[0]):
            for j in range(Xb.shape[1]):
                dC[Xb[k, j]] += demb[k, j]
    return {"C": dC, "W1": dW1, "b1": db1, "bngain": dbngain, "bnbias": dbnbias,
            "W2": dW2, "b2": db2}


MLP_SHAPES = {"C": ("V", "E"), "W1": ("T", "E", "H"), "b1": ("H",), "bngain": (1, "H"),
              "bnbias": (1, "H"), "W2": ("H", "V"), "b2": ("V",), "Xb": ("N", "T"),
              "Yb": ("N",)}

char_mlp_every_step = derivation(
    mlp_loss, mlp_grad_every_step, wrt=("C", "W1", "b1", "bngain", "bnbias", "W2", "b2"),
    shapes=MLP_SHAPES, draws={"Xb": ("labels", "V"), "Yb": ("labels", "V")},
    sizes={"V": 6, "E": 2, "T": 3, "H": 5, "N": 8})


# --- the cross-entropy in one line ---------------------------------------------------------


def ce_loss(logits, Yb):
    return F.cross_entropy(logits, Yb)


def ce_grad_fused(logits, Yb):
    n = logits.shape[0]
    dlogits = F.softmax(logits, 1)
    dlogits[range(n), Yb] -= 1
    dlogits /= n
    return dlogits


cross_entropy_fused = derivation(
    ce_loss, ce_grad_fused, wrt="logits", shapes={"logits": ("N", "V"), "Yb": ("N",)},
    draws={"Yb": ("labels", "V")}, sizes={"N": 16, "V": 27})


# --- batch norm with Bessel's correction in one line ---------------------------------------


def bn_loss(hprebn, bngain, bnbias, dout):
    mean = hprebn.mean(0, keepdim=True)
    var = hprebn.var(0, keepdim=True, unbiased=True)
    bnraw = (hprebn - mean) / torch.sqrt(var + EPS)
    return (dout * (bngain * bnraw + bnbias)).sum()


def bn_grad_fused(hprebn, bngain, bnbias, dout):
    n = hprebn.shape[0]
    bnvar_inv = 1.0 / torch.sqrt(hprebn.var(0, keepdim=True, unbiased=True) + EPS)
    bnraw = (hprebn - hprebn.mean(0, keepdim=True)) * bnvar_inv
    dhpreact = dout
    dbngain = (bnraw * dhpreact).sum(0, keepdim=True)
    dbnbias = dhpreact.sum(0, keepdim=True)
    dhprebn = bngain * bnvar_inv / n * (
        n * dhpreact - dhpreact.sum(0) - n / (n - 1) * bnraw * (dhpreact * bnraw).sum(0))
    return dhprebn, dbngain, dbnbias


batchnorm_bessel_fused = derivation(
    bn_loss, bn_grad_fused, wrt=("hprebn", "bngain", "bnbias"),
    shapes={"hprebn": ("N", "H"), "bngain": (1, "H"), "bnbias": (1, "H"), "dout": ("N", "H")},
    sizes={"N": 32, "H": 4})


# --- the bigram model: one-hot inputs, exp without a max, a mean L2 penalty ------------------

REG = 0.01


def bigram_loss(W, xs, ys):
    num = xs.shape[0]
    xenc = F.one_hot(xs, num_classes=W.shape[0]).to(W.dtype)
    logits = xenc @ W
    counts = logits.exp()
    probs = counts / counts.sum(1, keepdims=True)
    return -probs[torch.arange(num), ys].log().mean() + REG * (W ** 2).mean()


def bigram_grad(W, xs, ys):
    num = xs.shape[0]
    xenc = F.one_hot(xs, num_classes=W.shape[0]).to(W.dtype)
    logits = xenc @ W
    probs = torch.softmax(logits, dim=1)
    dlogits = probs.clone()
    dlogits[torch.arange(num), ys] -= 1
    dlogits /= num
    return xenc.T @ dlogits + REG * 2 * W / W.numel()


bigram_one_hot = derivation(
    bigram_loss, bigram_grad, wrt="W", shapes={"W": ("V", "V"), "xs": ("N",), "ys": ("N",)},
    draws={"xs": ("labels", "V"), "ys": ("labels", "V")}, sizes={"V": 5, "N": 9})


# --- the counts model: a log of a probability near 0 ----------------------------------------


def counts_loss(logit_counts, xs, ys):
    P = logit_counts.exp() + 1e-3            # counts, smoothed a little
    P = P / P.sum(1, keepdim=True)
    return -torch.log(P[xs, ys]).sum() / xs.shape[0]


def counts_grad(logit_counts, xs, ys):
    n = xs.shape[0]
    N = logit_counts.exp() + 1e-3
    row = N.sum(1, keepdim=True)
    P = N / row
    dP = torch.zeros_like(P)
    for x, y in zip(xs.tolist(), ys.tolist(), strict=True):
        dP[x, y] += -1.0 / (P[x, y] * n)
    # P = N / row: dN = dP / row - sum_j(dP N) / row^2, broadcast along the row
    dN = dP / row - (dP * N / row).sum(1, keepdim=True) / row
    return dN * logit_counts.exp()


bigram_counts_log = derivation(
    counts_loss, counts_grad, wrt="logit_counts",
    shapes={"logit_counts": ("V", "V"), "xs": ("N",), "ys": ("N",)},
    draws={"logit_counts": ("normal", 3.0), "xs": ("labels", "V"), "ys": ("labels", "V")},
    sizes={"V": 4, "N": 10})


def counts_grad_quotient_rule(logit_counts, xs, ys):
    n = xs.shape[0]
    N = logit_counts.exp() + 1e-3
    row = N.sum(1, keepdim=True)
    P = N / row
    dP = torch.zeros_like(P)
    for x, y in zip(xs.tolist(), ys.tolist(), strict=True):
        dP[x, y] += -1.0 / (P[x, y] * n)
    # the quotient rule: d(N_ij / s_i) = dN_ij / s_i - N_ij ds_i / s_i^2, with s_i = sum_j N_ij
    dN = dP / row - (dP * N).sum(1, keepdim=True) / row.double() ** 2
    return dN * logit_counts.exp()


bigram_counts_quotient_rule = derivation(
    counts_loss, counts_grad_quotient_rule, wrt="logit_counts",
    shapes={"logit_counts": ("V", "V"), "xs": ("N",), "ys": ("N",)},
    draws={"logit_counts": ("normal", 3.0), "xs": ("labels", "V"), "ys": ("labels", "V")},
    sizes={"V": 4, "N": 10})
