"""Recurrent layers, embeddings and attention, with hand-written backward passes.

The usual assignment code: ``rnn_step_forward``/``rnn_step_backward`` pairs returning
caches, used for a whole sequence unrolled and backpropagated in reverse time, a character-level
RNN in the style of the well-known 100-line script (column vectors, dicts keyed by time
step, integer inputs and targets), an LSTM step and an LSTM over a short sequence, a GRU
cell whose backward is written in torch under ``torch.no_grad()``, a word embedding whose
backward scatters with ``np.add.at``, a temporal softmax loss with a mask, and scaled
dot-product attention (causal, and batched with einsum).
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def sigmoid(x):
    """A numerically stable sigmoid."""
    pos_mask = x >= 0
    neg_mask = x < 0
    z = np.zeros_like(x)
    z[pos_mask] = np.exp(-x[pos_mask])
    z[neg_mask] = np.exp(x[neg_mask])
    top = np.ones_like(x)
    top[neg_mask] = z[neg_mask]
    return top / (1 + z)


# --- vanilla RNN ---------------------------------------------------------------------------


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    next_h = np.tanh(x.dot(Wx) + prev_h.dot(Wh) + b)
    cache = (x, prev_h, Wx, Wh, next_h)
    return next_h, cache


def rnn_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, next_h = cache
    dtanh = dnext_h * (1 - next_h ** 2)
    dx = dtanh.dot(Wx.T)
    dprev_h = dtanh.dot(Wh.T)
    dWx = x.T.dot(dtanh)
    dWh = prev_h.T.dot(dtanh)
    db = np.sum(dtanh, axis=0)
    return dx, dprev_h, dWx, dWh, db


def rnn_forward(x, h0, Wx, Wh, b):
    N, T, _ = x.shape
    H = h0.shape[1]
    h = np.zeros((N, T, H))
    caches = []
    prev_h = h0
    for t in range(T):
        prev_h, cache = rnn_step_forward(x[:, t, :], prev_h, Wx, Wh, b)
        h[:, t, :] = prev_h
        caches.append(cache)
    return h, caches


def rnn_backward(dh, caches):
    N, T, H = dh.shape
    D = caches[0][0].shape[1]
    dx = np.zeros((N, T, D))
    dWx = np.zeros((D, H))
    dWh = np.zeros((H, H))
    db = np.zeros(H)
    dprev_h = np.zeros((N, H))
    for t in reversed(range(T)):
        dx_t, dprev_h, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t, :] + dprev_h, caches[t])
        dx[:, t, :] = dx_t
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    dh0 = dprev_h
    return dx, dh0, dWx, dWh, db


def rnn_loss(x, h0, Wx, Wh, b, dh):
    h = h0
    hs = []
    for t in range(x.shape[1]):
        h = torch.tanh(x[:, t] @ Wx + h @ Wh + b)
        hs.append(h)
    return (torch.stack(hs, dim=1) * dh).sum()


def rnn_grad(x, h0, Wx, Wh, b, dh):
    _, caches = rnn_forward(x, h0, Wx, Wh, b)
    return rnn_backward(dh, caches)


rnn_sequence = derivation(
    rnn_loss, rnn_grad, wrt=("x", "h0", "Wx", "Wh", "b"),
    shapes={"x": (2, 4, 3), "h0": (2, 5), "Wx": (3, 5), "Wh": (5, 5), "b": (5,),
            "dh": (2, 4, 5)})

# --- character-level RNN: column vectors, dicts over time, integer inputs and targets ---------


def char_rnn_loss(inputs, targets, hprev, Wxh, Whh, Why, bh, by):
    vocab_size = Wxh.shape[1]
    h = hprev
    loss = 0
    for t in range(inputs.shape[0]):
        x = F.one_hot(inputs[t], vocab_size).to(Wxh.dtype).reshape(-1, 1)
        h = torch.tanh(Wxh @ x + Whh @ h + bh)
        y = Why @ h + by
        logp = F.log_softmax(y, dim=0)
        loss = loss - (F.one_hot(targets[t], vocab_size).to(y.dtype).reshape(-1, 1) * logp).sum()
    return loss


def char_rnn_grad(inputs, targets, hprev, Wxh, Whh, Why, bh, by):
    vocab_size = Wxh.shape[1]
    xs, hs, ys, ps = {}, {}, {}, {}
    hs[-1] = np.copy(hprev)
    loss = 0
    for t in range(len(inputs)):
        xs[t] = np.zeros((vocab_size, 1))
        xs[t][inputs[t]] = 1
        hs[t] = np.tanh(np.dot(Wxh, xs[t]) + np.dot(Whh, hs[t - 1]) + bh)
        ys[t] = np.dot(Why, hs[t]) + by
        ps[t] = np.exp(ys[t]) / np.sum(np.exp(ys[t]))
        loss += -np.log(ps[t][targets[t], 0])
    dWxh, dWhh, dWhy = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(Why)
    dbh, dby = np.zeros_like(bh), np.zeros_like(by)
    dhnext = np.zeros_like(hs[0])
    for t in reversed(range(len(inputs))):
        dy = np.copy(ps[t])
        dy[targets[t]] -= 1
        dWhy += np.dot(dy, hs[t].T)
        dby += dy
        dh = np.dot(Why.T, dy) + dhnext
        dhraw = (1 - hs[t] * hs[t]) * dh
        dbh += dhraw
        dWxh += np.dot(dhraw, xs[t].T)
        dWhh += np.dot(dhraw, hs[t - 1].T)
        dhnext = np.dot(Whh.T, dhraw)
    return dWxh, dWhh, dWhy, dbh, dby


char_rnn = derivation(
    char_rnn_loss, char_rnn_grad, wrt=("Wxh", "Whh", "Why", "bh", "by"),
    shapes={"inputs": ("T",), "targets": ("T",), "hprev": ("H", 1), "Wxh": ("H", "V"),
            "Whh": ("H", "H"), "Why": ("V", "H"), "bh": ("H", 1), "by": ("V", 1)},
    draws={"inputs": ("labels", "V"), "targets": ("labels", "V")},
    sizes={"T": 3, "H": 5, "V": 4})

# --- LSTM ----------------------------------------------------------------------------------


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    H = prev_h.shape[1]
    a = np.dot(x, Wx) + np.dot(prev_h, Wh) + b
    i = sigmoid(a[:, :H])
    f = sigmoid(a[:, H:2 * H])
    o = sigmoid(a[:, 2 * H:3 * H])
    g = np.tanh(a[:, 3 * H:])
    next_c = f * prev_c + i * g
    next_h = o * np.tanh(next_c)
    cache = (x, prev_h, prev_c, Wx, Wh, i, f, o, g, next_c)
    return next_h, next_c, cache


def lstm_step_backward(dnext_h, dnext_c, cache):
    x, prev_h, prev_c, Wx, Wh, i, f, o, g, next_c = cache
    tanh_c = np.tanh(next_c)
    dnext_c = dnext_c + dnext_h * o * (1 - tanh_c ** 2)
    di = dnext_c * g
    df = dnext_c * prev_c
    do = dnext_h * tanh_c
    dg = dnext_c * i
    dprev_c = dnext_c * f
    da = np.hstack((di * i * (1 - i), df * f * (1 - f), do * o * (1 - o), dg * (1 - g ** 2)))
    dx = da.dot(Wx.T)
    dprev_h = da.dot(Wh.T)
    dWx = x.T.dot(da)
    dWh = prev_h.T.dot(da)
    db = da.sum(axis=0)
    return dx, dprev_h, dprev_c, dWx, dWh, db


def lstm_cell_torch(x, h, c, Wx, Wh, b):
    H = h.shape[1]
    a = x @ Wx + h @ Wh + b
    i, f, o = (torch.sigmoid(a[:, k * H:(k + 1) * H]) for k in range(3))
    g = torch.tanh(a[:, 3 * H:])
    c = f * c + i * g
    return o * torch.tanh(c), c


def lstm_step_loss(x, prev_h, prev_c, Wx, Wh, b, dnext_h, dnext_c):
    next_h, next_c = lstm_cell_torch(x, prev_h, prev_c, Wx, Wh, b)
    return (next_h * dnext_h).sum() + (next_c * dnext_c).sum()


def lstm_step_grad(x, prev_h, prev_c, Wx, Wh, b, dnext_h, dnext_c):
    _, _, cache = lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b)
    return lstm_step_backward(dnext_h, dnext_c, cache)


lstm_step = derivation(
    lstm_step_loss, lstm_step_grad, wrt=("x", "prev_h", "prev_c", "Wx", "Wh", "b"),
    shapes={"x": (2, 3), "prev_h": (2, 4), "prev_c": (2, 4), "Wx": (3, 16), "Wh": (4, 16),
            "b": (16,), "dnext_h": (2, 4), "dnext_c": (2, 4)})


class LSTM:
    def __init__(self, Wx, Wh, b):
        self.Wx, self.Wh, self.b = Wx, Wh, b

    def forward(self, x, h0):
        N, T, _ = x.shape
        H = h0.shape[1]
        self.caches = []
        h = np.zeros((N, T, H))
        prev_h, prev_c = h0, np.zeros_like(h0)
        for t in range(T):
            prev_h, prev_c, cache = lstm_step_forward(x[:, t, :], prev_h, prev_c,
                                                      self.Wx, self.Wh, self.b)
            h[:, t, :] = prev_h
            self.caches.append(cache)
        return h

    def backward(self, dh):
        N, T, H = dh.shape
        D = self.Wx.shape[0]
        dx = np.zeros((N, T, D))
        self.dWx = np.zeros_like(self.Wx)
        self.dWh = np.zeros_like(self.Wh)
        self.db = np.zeros_like(self.b)
        dprev_h = np.zeros((N, H))
        dprev_c = np.zeros((N, H))
        for t in range(T - 1, -1, -1):
            step = lstm_step_backward(dh[:, t, :] + dprev_h, dprev_c, self.caches[t])
            dx[:, t, :], dprev_h, dprev_c, dWx, dWh, db = step
            self.dWx += dWx
            self.dWh += dWh
            self.db += db
        return dx, dprev_h


def lstm_sequence_loss(x, h0, Wx, Wh, b, dh):
    h, c = h0, torch.zeros_like(h0)
    out = []
    for t in range(x.shape[1]):
        h, c = lstm_cell_torch(x[:, t], h, c, Wx, Wh, b)
        out.append(h)
    return (torch.stack(out, 1) * dh).sum()


def lstm_sequence_grad(x, h0, Wx, Wh, b, dh):
    lstm = LSTM(Wx, Wh, b)
    lstm.forward(x, h0)
    dx, dh0 = lstm.backward(dh)
    return dx, dh0, lstm.dWx, lstm.dWh, lstm.db


lstm_sequence = derivation(
    lstm_sequence_loss, lstm_sequence_grad, wrt=("x", "h0", "Wx", "Wh", "b"),
    shapes={"x": (1, 3, 2), "h0": (1, 3), "Wx": (2, 12), "Wh": (3, 12), "b": (12,),
            "dh": (1, 3, 3)})

# --- GRU cell, backward written in torch -------------------------------------------------


def gru_cell(x, h, Wx, Wh, bx, bh):
    H = h.shape[-1]
    gx = x @ Wx + bx
    gh = h @ Wh + bh
    r = torch.sigmoid(gx[..., :H] + gh[..., :H])
    z = torch.sigmoid(gx[..., H:2 * H] + gh[..., H:2 * H])
    n = torch.tanh(gx[..., 2 * H:] + r * gh[..., 2 * H:])
    return (1 - z) * n + z * h


def gru_loss(x, h, Wx, Wh, bx, bh, dout):
    return (gru_cell(x, h, Wx, Wh, bx, bh) * dout).sum()


def gru_grad(x, h, Wx, Wh, bx, bh, dout):
    with torch.no_grad():
        x, h = x.detach(), h.detach()
        H = h.shape[-1]
        gx = x @ Wx + bx
        gh = h @ Wh + bh
        r = torch.sigmoid(gx[..., :H] + gh[..., :H])
        z = torch.sigmoid(gx[..., H:2 * H] + gh[..., H:2 * H])
        n = torch.tanh(gx[..., 2 * H:] + r * gh[..., 2 * H:])

        dn = dout * (1 - z)
        dz = dout * (h - n)
        dh = dout * z
        dan = dn * (1 - n * n)
        dr = dan * gh[..., 2 * H:]
        dar = dr * r * (1 - r)
        daz = dz * z * (1 - z)
        dgx = torch.cat([dar, daz, dan], dim=-1)
        dgh = torch.cat([dar, daz, dan * r], dim=-1)

        dx = dgx @ Wx.T
        dh = dh + dgh @ Wh.T
        dWx = x.T @ dgx
        dWh = h.T @ dgh
        dbx = dgx.sum(0)
        dbh = dgh.sum(0)
    return dx, dh, dWx, dWh, dbx, dbh


gru_step = derivation(
    gru_loss, gru_grad, wrt=("x", "h", "Wx", "Wh", "bx", "bh"),
    shapes={"x": ("N", 4), "h": ("N", 3), "Wx": (4, 9), "Wh": (3, 9), "bx": (9,),
            "bh": (9,), "dout": ("N", 3)},
    sizes={"N": 2})

# --- word embedding, temporal softmax ------------------------------------------------------


def word_embedding_forward(x, W):
    out = W[x, :]
    cache = x, W
    return out, cache


def word_embedding_backward(dout, cache):
    x, W = cache
    dW = np.zeros_like(W)
    np.add.at(dW, x, dout)
    return dW


def embedding_loss(x, W, dout):
    return (F.embedding(x, W) * dout).sum()


def embedding_grad(x, W, dout):
    _, cache = word_embedding_forward(x, W)
    return word_embedding_backward(dout, cache)


word_embedding = derivation(
    embedding_loss, embedding_grad, wrt="W",
    shapes={"x": ("N", "T"), "W": ("V", "D"), "dout": ("N", "T", "D")},
    draws={"x": ("labels", "V")}, sizes={"N": 2, "T": 4, "V": 5, "D": 3})


def temporal_softmax_loss_np(x, y, mask):
    N, T, V = x.shape
    x_flat = x.reshape(N * T, V)
    y_flat = y.reshape(N * T)
    mask_flat = mask.reshape(N * T)
    probs = np.exp(x_flat - np.max(x_flat, axis=1, keepdims=True))
    probs /= np.sum(probs, axis=1, keepdims=True)
    loss = -np.sum(mask_flat * np.log(probs[np.arange(N * T), y_flat])) / N
    dx_flat = probs.copy()
    dx_flat[np.arange(N * T), y_flat] -= 1
    dx_flat /= N
    dx_flat *= mask_flat[:, None]
    dx = dx_flat.reshape(N, T, V)
    return loss, dx


def temporal_softmax_loss(x, y, mask):
    N, T, V = x.shape
    ce = F.cross_entropy(x.reshape(N * T, V), y.reshape(N * T), reduction="none")
    return (ce * mask.reshape(N * T).to(x.dtype)).sum() / N


def temporal_softmax_grad(x, y, mask):
    _, dx = temporal_softmax_loss_np(x, y, mask)
    return dx


temporal_softmax = derivation(
    temporal_softmax_loss, temporal_softmax_grad, wrt="x",
    shapes={"x": ("N", "T", "V"), "y": ("N", "T"), "mask": ("N", "T")},
    draws={"y": ("labels", "V"), "mask": ("labels", 2)},
    sizes={"N": 2, "T": 5, "V": 6})

# --- attention -----------------------------------------------------------------------------


def causal_attention_loss(Q, K, V, dout):
    T, d = Q.shape
    S = Q @ K.T / d ** 0.5
    causal = torch.ones(T, T, dtype=torch.bool, device=Q.device).triu(1)
    P = torch.softmax(S.masked_fill(causal, float("-inf")), dim=-1)
    return ((P @ V) * dout).sum()


def causal_attention_grad(Q, K, V, dout):
    T, d = Q.shape
    scale = 1.0 / np.sqrt(d)
    S = Q.dot(K.T) * scale
    S = np.where(np.tril(np.ones((T, T))) == 1, S, -np.inf)
    S = S - S.max(axis=1, keepdims=True)
    P = np.exp(S)
    P /= P.sum(axis=1, keepdims=True)
    dV = P.T.dot(dout)
    dP = dout.dot(V.T)
    dS = P * (dP - np.sum(dP * P, axis=1, keepdims=True))
    dQ = dS.dot(K) * scale
    dK = dS.T.dot(Q) * scale
    return dQ, dK, dV


causal_attention = derivation(
    causal_attention_loss, causal_attention_grad, wrt=("Q", "K", "V"),
    shapes={"Q": ("T", "d"), "K": ("T", "d"), "V": ("T", "d"), "dout": ("T", "d")},
    sizes={"T": 4, "d": 4})


def batched_attention_loss(q, k, v, dout):
    scores = torch.einsum("bqd,bkd->bqk", q, k) / q.shape[-1] ** 0.5
    attn = scores.softmax(-1)
    return (torch.einsum("bqk,bkd->bqd", attn, v) * dout).sum()


def batched_attention_grad(q, k, v, dout):
    d = q.shape[-1]
    scores = np.einsum("bqd,bkd->bqk", q, k) / np.sqrt(d)
    scores -= scores.max(axis=-1, keepdims=True)
    attn = np.exp(scores)
    attn /= attn.sum(axis=-1, keepdims=True)
    dv = np.einsum("bqk,bqd->bkd", attn, dout)
    dattn = np.einsum("bqd,bkd->bqk", dout, v)
    dscores = attn * (dattn - (dattn * attn).sum(axis=-1, keepdims=True)) / np.sqrt(d)
    dq = np.einsum("bqk,bkd->bqd", dscores, k)
    dk = np.einsum("bqk,bqd->bkd", dscores, q)
    return dq, dk, dv


batched_attention = derivation(
    batched_attention_loss, batched_attention_grad, wrt=("q", "k", "v"),
    shapes={"q": (2, 3, 4), "k": (2, 5, 4), "v": (2, 5, 2), "dout": (2, 3, 2)})
