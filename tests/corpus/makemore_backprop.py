"""The character-level language model's "backprop ninja" exercise, in torch tensor math.

The exercise's vocabulary (``Xb``, ``Yb``, ``emb``, ``embcat``, ``hprebn``, ``bnmeani``,
``bndiff``, ``bndiff2``, ``bnvar``, ``bnvar_inv``, ``bnraw``, ``hpreact``, ``h``,
``logit_maxes``, ``norm_logits``, ``counts``, ``counts_sum``, ``counts_sum_inv``,
``probs``, ``logprobs``) and its habits: every intermediate of the forward pass on a line
of its own and a gradient line for each, batch norm with Bessel's correction 1 / (n - 1),
``keepdim=True`` sums that the backward broadcasts back, ``logprobs[range(n), Yb]``, the
max-subtracted logits whose gradient goes back through the row's argmax, and then the
same pieces fused: ``dlogits = (softmax - onehot) / n`` and batch norm's ``dhprebn`` in
one expression. Unlike the one-function version elsewhere in the corpus, the pieces are
checked here one at a time (cross-entropy, batch norm, embedding, output layer), the
whole network is written with a 2-D ``W1`` and an embedding gradient gathered by
``index_add_`` or a one-hot matrix, and the later lectures' layer modules (``Linear``,
``BatchNorm1d`` with the unbiased ``x.var``, ``Tanh``, the hierarchical
``FlattenConsecutive``) get a ``backward`` each. Integer inputs (``Xb``, ``Yb``) are
drawn as labels.
"""

import torch
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5

# --- the cross-entropy, every step -----------------------------------------------------------


def ce_steps_loss(logits, Yb):
    """loss = -mean_i log softmax(logits)[i, Yb[i]]."""
    return F.cross_entropy(logits, Yb)


def ce_steps_grad(logits, Yb):
    """Back through logprobs, probs, counts_sum_inv, counts_sum, counts, norm_logits, and
    logit_maxes (whose gradient reaches only each row's largest logit)."""
    n = logits.shape[0]
    logit_maxes = logits.max(1, keepdim=True).values
    norm_logits = logits - logit_maxes  # subtract max for numerical stability
    counts = norm_logits.exp()
    counts_sum = counts.sum(1, keepdims=True)
    counts_sum_inv = counts_sum**-1
    probs = counts * counts_sum_inv
    logprobs = probs.log()

    dlogprobs = torch.zeros_like(logprobs)
    dlogprobs[range(n), Yb] = -1.0 / n
    dprobs = (1.0 / probs) * dlogprobs
    dcounts_sum_inv = (counts * dprobs).sum(1, keepdim=True)
    dcounts = counts_sum_inv * dprobs
    dcounts_sum = (-counts_sum**-2) * dcounts_sum_inv
    dcounts += torch.ones_like(counts) * dcounts_sum
    dnorm_logits = counts * dcounts
    dlogits = dnorm_logits.clone()
    dlogit_maxes = (-dnorm_logits).sum(1, keepdim=True)
    dlogits[range(n), logits.max(1).indices] += dlogit_maxes.squeeze(1)
    return dlogits


cross_entropy_every_step = derivation(
    ce_steps_loss, ce_steps_grad, wrt="logits",
    shapes={"logits": ("N", "V"), "Yb": ("N",)}, draws={"Yb": ("labels", "V")},
    sizes={"N": 12, "V": 7})


# --- the cross-entropy fused: softmax minus the one-hot labels, over n ------------------------


def ce_fused_loss(logits, Yb):
    """loss = F.cross_entropy(logits, Yb)."""
    return F.cross_entropy(logits, Yb)


def ce_fused_grad(logits, Yb):
    """dlogits = (softmax(logits) - onehot(Yb)) / n."""
    n, vocab_size = logits.shape
    return (F.softmax(logits, 1) - F.one_hot(Yb, num_classes=vocab_size)) / n


cross_entropy_one_hot = derivation(
    ce_fused_loss, ce_fused_grad, wrt="logits",
    shapes={"logits": ("N", "V"), "Yb": ("N",)}, draws={"Yb": ("labels", "V")},
    sizes={"N": 9, "V": 11})


# --- batch norm with Bessel's correction, every step -----------------------------------------


def bn_steps_loss(hprebn, bngain, bnbias, dhpreact):
    """E = sum(dhpreact * hpreact), hpreact = bngain (hprebn - mean) / sqrt(var + eps) + bnbias,
    var with 1 / (n - 1)."""
    bnmean = hprebn.mean(0, keepdim=True)
    bnvar = hprebn.var(0, keepdim=True, unbiased=True)
    hpreact = bngain * (hprebn - bnmean) * (bnvar + EPS) ** -0.5 + bnbias
    return (dhpreact * hpreact).sum()


def bn_steps_grad(hprebn, bngain, bnbias, dhpreact):
    """Back through bnraw, bnvar_inv, bnvar, bndiff2, bndiff and bnmeani, one line each."""
    n = hprebn.shape[0]
    bnmeani = 1 / n * hprebn.sum(0, keepdim=True)
    bndiff = hprebn - bnmeani
    bndiff2 = bndiff**2
    bnvar = 1 / (n - 1) * (bndiff2).sum(0, keepdim=True)  # Bessel's correction
    bnvar_inv = (bnvar + EPS) ** -0.5
    bnraw = bndiff * bnvar_inv

    dbngain = (bnraw * dhpreact).sum(0, keepdim=True)
    dbnraw = bngain * dhpreact
    dbnbias = dhpreact.sum(0, keepdim=True)
    dbndiff = bnvar_inv * dbnraw
    dbnvar_inv = (bndiff * dbnraw).sum(0, keepdim=True)
    dbnvar = (-0.5 * (bnvar + EPS) ** -1.5) * dbnvar_inv
    dbndiff2 = (1.0 / (n - 1)) * torch.ones_like(bndiff2) * dbnvar
    dbndiff += (2 * bndiff) * dbndiff2
    dhprebn = dbndiff.clone()
    dbnmeani = (-dbndiff).sum(0)
    dhprebn += 1.0 / n * (torch.ones_like(hprebn) * dbnmeani)
    return dhprebn, dbngain, dbnbias


batchnorm_every_step = derivation(
    bn_steps_loss, bn_steps_grad, wrt=("hprebn", "bngain", "bnbias"),
    shapes={"hprebn": ("N", "H"), "bngain": (1, "H"), "bnbias": (1, "H"),
            "dhpreact": ("N", "H")},
    sizes={"N": 16, "H": 5})


# --- batch norm fused, written with a mean ---------------------------------------------------


def bn_fused_grad(hprebn, bngain, bnbias, dhpreact):
    """dhprebn = bngain bnvar_inv (dhpreact - mean(dhpreact)
    - bnraw sum(dhpreact bnraw) / (n - 1))."""
    n = hprebn.shape[0]
    bnvar_inv = (hprebn.var(0, keepdim=True, unbiased=True) + EPS) ** -0.5
    bnraw = (hprebn - hprebn.mean(0, keepdim=True)) * bnvar_inv
    dhprebn = bngain * bnvar_inv * (dhpreact - dhpreact.mean(0, keepdim=True)
                                    - bnraw * (dhpreact * bnraw).sum(0, keepdim=True) / (n - 1))
    dbngain = (bnraw * dhpreact).sum(0, keepdim=True)
    dbnbias = dhpreact.sum(0, keepdim=True)
    return dhprebn, dbngain, dbnbias


batchnorm_fused_mean = derivation(
    bn_steps_loss, bn_fused_grad, wrt=("hprebn", "bngain", "bnbias"),
    shapes={"hprebn": ("N", "H"), "bngain": (1, "H"), "bnbias": (1, "H"),
            "dhpreact": ("N", "H")},
    sizes={"N": 10, "H": 7})


# --- the embedding lookup and the first linear layer -----------------------------------------


def embedding_loss(C, W1, b1, Xb, dhprebn):
    """E = sum(dhprebn * (C[Xb].view(n, -1) @ W1 + b1))."""
    emb = C[Xb]
    embcat = emb.view(emb.shape[0], -1)
    return (dhprebn * (embcat @ W1 + b1)).sum()


def embedding_index_add_grad(C, W1, b1, Xb, dhprebn):
    """dC gathers demb row by row at the characters' indices with index_add_."""
    emb = C[Xb]
    embcat = emb.view(emb.shape[0], -1)
    dembcat = dhprebn @ W1.T
    dW1 = embcat.T @ dhprebn
    db1 = dhprebn.sum(0)
    demb = dembcat.view(emb.shape)
    dC = torch.zeros_like(C)
    dC.index_add_(0, Xb.view(-1), demb.view(-1, C.shape[1]))
    return dC, dW1, db1


embedding_index_add = derivation(
    embedding_loss, embedding_index_add_grad, wrt=("C", "W1", "b1"),
    shapes={"C": ("V", "E"), "W1": ("TE", "H"), "b1": ("H",), "Xb": ("N", "T"),
            "dhprebn": ("N", "H")},
    draws={"Xb": ("labels", "V")}, sizes={"V": 5, "E": 2, "T": 3, "TE": 6, "H": 4, "N": 8})


def embedding_one_hot_grad(C, W1, b1, Xb, dhprebn):
    """dC = onehot(Xb)^T demb, every (example, position) a row of both."""
    vocab_size, n_embd = C.shape
    dembcat = dhprebn @ W1.T
    demb = dembcat.view(Xb.shape[0], Xb.shape[1], n_embd)
    xenc = F.one_hot(Xb, num_classes=vocab_size).type_as(demb)  # (n, block_size, vocab_size)
    dC = xenc.view(-1, vocab_size).T @ demb.view(-1, n_embd)
    embcat = C[Xb].view(Xb.shape[0], -1)
    return dC, embcat.T @ dhprebn, dhprebn.sum(0)


embedding_one_hot = derivation(
    embedding_loss, embedding_one_hot_grad, wrt=("C", "W1", "b1"),
    shapes={"C": ("V", "E"), "W1": ("TE", "H"), "b1": ("H",), "Xb": ("N", "T"),
            "dhprebn": ("N", "H")},
    draws={"Xb": ("labels", "V")}, sizes={"V": 4, "E": 3, "T": 2, "TE": 6, "H": 5, "N": 10})


# --- tanh and the output layer, then the fused cross-entropy ---------------------------------


def output_loss(hpreact, W2, b2, Yb):
    """loss = cross_entropy(tanh(hpreact) @ W2 + b2, Yb)."""
    return F.cross_entropy(torch.tanh(hpreact) @ W2 + b2, Yb)


def output_grad(hpreact, W2, b2, Yb):
    """dlogits fused, then dh = dlogits W2^T and dhpreact = (1 - h^2) dh."""
    n = hpreact.shape[0]
    h = torch.tanh(hpreact)
    logits = h @ W2 + b2
    dlogits = F.softmax(logits, 1)
    dlogits[range(n), Yb] -= 1
    dlogits /= n
    dh = dlogits @ W2.T
    dW2 = h.T @ dlogits
    db2 = dlogits.sum(0)
    dhpreact = (1.0 - h**2) * dh
    return dhpreact, dW2, db2


tanh_output_layer = derivation(
    output_loss, output_grad, wrt=("hpreact", "W2", "b2"),
    shapes={"hpreact": ("N", "H"), "W2": ("H", "V"), "b2": ("V",), "Yb": ("N",)},
    draws={"Yb": ("labels", "V")}, sizes={"N": 8, "H": 6, "V": 5})


# --- the whole network: forward as in the exercise, backward every step or fused -------------


def forward(C, W1, b1, bngain, bnbias, W2, b2, Xb, Yb):
    """The exercise's forward pass, chunked into small steps; returns the loss and them all."""
    n = Xb.shape[0]
    emb = C[Xb]  # embed the characters into vectors
    embcat = emb.view(emb.shape[0], -1)  # concatenate the vectors
    # Linear layer 1
    hprebn = embcat @ W1 + b1  # hidden layer pre-activation
    # BatchNorm layer
    bnmeani = 1 / n * hprebn.sum(0, keepdim=True)
    bndiff = hprebn - bnmeani
    bndiff2 = bndiff**2
    bnvar = 1 / (n - 1) * (bndiff2).sum(0, keepdim=True)  # note: Bessel's correction
    bnvar_inv = (bnvar + EPS) ** -0.5
    bnraw = bndiff * bnvar_inv
    hpreact = bngain * bnraw + bnbias
    # Non-linearity
    h = torch.tanh(hpreact)  # hidden layer
    # Linear layer 2
    logits = h @ W2 + b2  # output layer
    # cross entropy loss (same as F.cross_entropy(logits, Yb))
    logit_maxes = logits.max(1, keepdim=True).values
    norm_logits = logits - logit_maxes  # subtract max for numerical stability
    counts = norm_logits.exp()
    counts_sum = counts.sum(1, keepdims=True)
    counts_sum_inv = counts_sum**-1
    probs = counts * counts_sum_inv
    logprobs = probs.log()
    loss = -logprobs[range(n), Yb].mean()
    return loss, locals()


def network_loss(C, W1, b1, bngain, bnbias, W2, b2, Xb, Yb):
    """The forward pass above; its loss."""
    return forward(C, W1, b1, bngain, bnbias, W2, b2, Xb, Yb)[0]


def network_steps_grad(C, W1, b1, bngain, bnbias, W2, b2, Xb, Yb):
    """Exercise 1: back through every intermediate, in reverse order."""
    with torch.no_grad():
        _, f = forward(C, W1, b1, bngain, bnbias, W2, b2, Xb, Yb)
    n = Xb.shape[0]
    dlogprobs = torch.zeros_like(f["logprobs"])
    dlogprobs[range(n), Yb] = -1.0 / n
    dprobs = dlogprobs / f["probs"]  # not (1.0 / probs) * dlogprobs: 1 / probs overflows float16
    dcounts_sum_inv = (f["counts"] * dprobs).sum(1, keepdim=True)
    dcounts = f["counts_sum_inv"] * dprobs
    dcounts_sum = (-f["counts_sum"] ** -2) * dcounts_sum_inv
    dcounts += torch.ones_like(f["counts"]) * dcounts_sum
    dnorm_logits = f["counts"] * dcounts
    dlogits = dnorm_logits.clone()
    dlogit_maxes = (-dnorm_logits).sum(1, keepdim=True)
    dlogits += F.one_hot(f["logits"].max(1).indices, num_classes=f["logits"].shape[1]) \
        * dlogit_maxes
    dh = dlogits @ W2.T
    dW2 = f["h"].T @ dlogits
    db2 = dlogits.sum(0)
    dhpreact = (1.0 - f["h"] ** 2) * dh
    dbngain = (f["bnraw"] * dhpreact).sum(0, keepdim=True)
    dbnraw = bngain * dhpreact
    dbnbias = dhpreact.sum(0, keepdim=True)
    dbndiff = f["bnvar_inv"] * dbnraw
    dbnvar_inv = (f["bndiff"] * dbnraw).sum(0, keepdim=True)
    dbnvar = (-0.5 * (f["bnvar"] + EPS) ** -1.5) * dbnvar_inv
    dbndiff2 = (1.0 / (n - 1)) * torch.ones_like(f["bndiff2"]) * dbnvar
    dbndiff += (2 * f["bndiff"]) * dbndiff2
    dhprebn = dbndiff.clone()
    dbnmeani = (-dbndiff).sum(0)
    dhprebn += 1.0 / n * (torch.ones_like(f["hprebn"]) * dbnmeani)
    dembcat = dhprebn @ W1.T
    dW1 = f["embcat"].T @ dhprebn
    db1 = dhprebn.sum(0)
    demb = dembcat.view(f["emb"].shape)
    dC = torch.zeros_like(C).index_add_(0, Xb.view(-1), demb.view(-1, C.shape[1]))
    return {"C": dC, "W1": dW1, "b1": db1, "bngain": dbngain, "bnbias": dbnbias,
            "W2": dW2, "b2": db2}


NETWORK_SHAPES = {"C": ("V", "E"), "W1": ("TE", "H"), "b1": ("H",), "bngain": (1, "H"),
                  "bnbias": (1, "H"), "W2": ("H", "V"), "b2": ("V",), "Xb": ("N", "T"),
                  "Yb": ("N",)}
NETWORK_SIZES = {"V": 7, "E": 3, "T": 3, "TE": 9, "H": 8, "N": 12}

network_every_step = derivation(
    network_loss, network_steps_grad, wrt=("C", "W1", "b1", "bngain", "bnbias", "W2", "b2"),
    shapes=NETWORK_SHAPES, draws={"Xb": ("labels", "V"), "Yb": ("labels", "V")},
    sizes=NETWORK_SIZES)


def network_fused_grad(C, W1, b1, bngain, bnbias, W2, b2, Xb, Yb):
    """Exercise 4: the fused cross-entropy and batch norm, and dC by a loop over the batch."""
    n = Xb.shape[0]
    with torch.no_grad():
        # forward pass, "chunkated" into larger steps
        emb = C[Xb]
        embcat = emb.view(emb.shape[0], -1)
        hprebn = embcat @ W1 + b1
        bnmean = hprebn.mean(0, keepdim=True)
        bnvar = hprebn.var(0, keepdim=True, unbiased=True)
        bnvar_inv = (bnvar + EPS) ** -0.5
        bnraw = (hprebn - bnmean) * bnvar_inv
        hpreact = bngain * bnraw + bnbias
        h = torch.tanh(hpreact)
        logits = h @ W2 + b2

        # backward pass
        dlogits = F.softmax(logits, 1)
        dlogits[range(n), Yb] -= 1
        dlogits /= n
        # 2nd layer backprop
        dh = dlogits @ W2.T
        dW2 = h.T @ dlogits
        db2 = dlogits.sum(0)
        # tanh
        dhpreact = (1.0 - h**2) * dh
        # batchnorm backprop
        dbngain = (bnraw * dhpreact).sum(0, keepdim=True)
        dbnbias = dhpreact.sum(0, keepdim=True)
        dhprebn = bngain * bnvar_inv / n * (n * dhpreact - dhpreact.sum(0)
                                            - n / (n - 1) * bnraw * (dhpreact * bnraw).sum(0))
        # 1st layer backprop
        dembcat = dhprebn @ W1.T
        dW1 = embcat.T @ dhprebn
        db1 = dhprebn.sum(0)
        # embedding
        demb = dembcat.view(emb.shape)
        dC = torch.zeros_like(C)
        for k in range(Xb.shape[0]):
            for j in range(Xb.shape[1]):
                ix = Xb[k, j]
                dC[ix] += demb[k, j]
    grads = [dC, dW1, db1, dbngain, dbnbias, dW2, db2]
    return grads


network_fused = derivation(
    network_loss, network_fused_grad, wrt=("C", "W1", "b1", "bngain", "bnbias", "W2", "b2"),
    shapes=NETWORK_SHAPES, draws={"Xb": ("labels", "V"), "Yb": ("labels", "V")},
    sizes=NETWORK_SIZES)


# --- the later lectures' modules, each given a backward --------------------------------------


class Linear:
    def __init__(self, weight, bias=None):
        self.weight = weight
        self.bias = bias

    def __call__(self, x):
        self.x = x
        self.out = x @ self.weight
        if self.bias is not None:
            self.out += self.bias
        return self.out

    def backward(self, dout):
        # x may be (B, fan_in) or (B, T, fan_in): fold every leading axis into the batch
        x2 = self.x.reshape(-1, self.x.shape[-1])
        d2 = dout.reshape(-1, dout.shape[-1])
        self.dweight = x2.T @ d2
        if self.bias is not None:
            self.dbias = d2.sum(0)
        return dout @ self.weight.T

    def parameters(self):
        return [self.weight] + ([] if self.bias is None else [self.bias])


class BatchNorm1d:
    def __init__(self, gamma, beta, eps=1e-5, momentum=0.1):
        self.eps = eps
        self.momentum = momentum
        self.training = True
        # parameters (trained with backprop)
        self.gamma = gamma
        self.beta = beta
        # buffers (trained with a running 'momentum update')
        self.running_mean = torch.zeros_like(gamma)
        self.running_var = torch.ones_like(gamma)

    def __call__(self, x):
        # calculate the forward pass
        if self.training:
            if x.ndim == 2:
                dim = 0
            elif x.ndim == 3:
                dim = (0, 1)
            xmean = x.mean(dim, keepdim=True)  # batch mean
            xvar = x.var(dim, keepdim=True)  # batch variance (unbiased)
        else:
            xmean = self.running_mean
            xvar = self.running_var
        self.dim = dim
        self.xvar_inv = (xvar + self.eps) ** -0.5
        self.xhat = (x - xmean) * self.xvar_inv  # normalize to unit variance
        self.out = self.gamma * self.xhat + self.beta
        # update the buffers
        if self.training:
            with torch.no_grad():
                self.running_mean = (1 - self.momentum) * self.running_mean \
                    + self.momentum * xmean.reshape(self.gamma.shape)
                self.running_var = (1 - self.momentum) * self.running_var \
                    + self.momentum * xvar.reshape(self.gamma.shape)
        return self.out

    def backward(self, dout):
        m = self.xhat.numel() // self.xhat.shape[-1]  # elements averaged per feature
        self.dgamma = (dout * self.xhat).sum(self.dim).reshape(self.gamma.shape)
        self.dbeta = dout.sum(self.dim).reshape(self.beta.shape)
        dxhat = dout * self.gamma
        return self.xvar_inv / m * (m * dxhat - dxhat.sum(self.dim, keepdim=True)
                                    - m / (m - 1) * self.xhat
                                    * (dxhat * self.xhat).sum(self.dim, keepdim=True))

    def parameters(self):
        return [self.gamma, self.beta]


class Tanh:
    def __call__(self, x):
        self.out = torch.tanh(x)
        return self.out

    def backward(self, dout):
        return (1 - self.out**2) * dout

    def parameters(self):
        return []


class FlattenConsecutive:
    def __init__(self, n):
        self.n = n

    def __call__(self, x):
        B, T, C = x.shape
        self.in_shape = x.shape
        x = x.view(B, T // self.n, C * self.n)
        if x.shape[1] == 1:
            x = x.squeeze(1)
        self.out = x
        return self.out

    def backward(self, dout):
        return dout.reshape(self.in_shape)

    def parameters(self):
        return []


def modules_loss(x, W1, g1, be1, W2, g2, be2, W3, b3, Yb):
    """Linear (no bias), BatchNorm1d, Tanh, twice, then a Linear and the cross-entropy."""
    def bn(h, g, be):
        return g * (h - h.mean(0, keepdim=True)) / torch.sqrt(h.var(0, keepdim=True) + EPS) + be

    h = torch.tanh(bn(x @ W1, g1, be1))
    h = torch.tanh(bn(h @ W2, g2, be2))
    return F.cross_entropy(h @ W3 + b3, Yb)


def modules_grad(x, W1, g1, be1, W2, g2, be2, W3, b3, Yb):
    """Each layer's backward in reverse order, gradients read off the layers."""
    layers = [Linear(W1), BatchNorm1d(g1, be1), Tanh(),
              Linear(W2), BatchNorm1d(g2, be2), Tanh(),
              Linear(W3, b3)]
    out = x
    for layer in layers:
        out = layer(out)
    n = out.shape[0]
    dout = F.softmax(out, 1)
    dout[range(n), Yb] -= 1
    dout /= n
    for layer in reversed(layers):
        dout = layer.backward(dout)
    return (layers[0].dweight, layers[1].dgamma, layers[1].dbeta,
            layers[3].dweight, layers[4].dgamma, layers[4].dbeta,
            layers[6].dweight, layers[6].dbias)


modules_mlp = derivation(
    modules_loss, modules_grad, wrt=("W1", "g1", "be1", "W2", "g2", "be2", "W3", "b3"),
    shapes={"x": ("N", "D"), "W1": ("D", "H"), "g1": ("H",), "be1": ("H",),
            "W2": ("H", "H"), "g2": ("H",), "be2": ("H",), "W3": ("H", "V"), "b3": ("V",),
            "Yb": ("N",)},
    draws={"Yb": ("labels", "V")}, sizes={"N": 10, "D": 4, "H": 6, "V": 5})


def wavenet_loss(C, W1, g1, be1, W2, b2, Xb, Yb):
    """Embedding, pairs of characters flattened, Linear, BatchNorm1d over (batch, time), Tanh,
    pairs flattened again, Linear, cross-entropy."""
    n, T = Xb.shape
    x = C[Xb].view(n, T // 2, -1)
    h = x @ W1
    mean = h.mean((0, 1), keepdim=True)
    var = h.var((0, 1), keepdim=True)
    h = torch.tanh(g1 * (h - mean) / torch.sqrt(var + EPS) + be1)
    h = h.reshape(n, -1)
    return F.cross_entropy(h @ W2 + b2, Yb)


def wavenet_grad(C, W1, g1, be1, W2, b2, Xb, Yb):
    """The hierarchical model's layers, each backward in turn, then dC by index_add_."""
    layers = [FlattenConsecutive(2), Linear(W1), BatchNorm1d(g1, be1), Tanh(),
              FlattenConsecutive(2), Linear(W2, b2)]
    x = C[Xb]
    for layer in layers:
        x = layer(x)
    logits = x
    dlogits = (F.softmax(logits, 1) - F.one_hot(Yb, logits.shape[1])) / logits.shape[0]
    dx = dlogits
    for layer in reversed(layers):
        dx = layer.backward(dx)
    dC = torch.zeros_like(C).index_add_(0, Xb.flatten(), dx.reshape(-1, C.shape[1]))
    return (dC, layers[1].dweight, layers[2].dgamma, layers[2].dbeta, layers[5].dweight,
            layers[5].dbias)


wavenet_hierarchical = derivation(
    wavenet_loss, wavenet_grad, wrt=("C", "W1", "g1", "be1", "W2", "b2"),
    shapes={"C": ("V", "E"), "W1": ("E2", "H"), "g1": ("H",), "be1": ("H",),
            "W2": ("H2", "V"), "b2": ("V",), "Xb": ("N", 4), "Yb": ("N",)},
    draws={"Xb": ("labels", "V"), "Yb": ("labels", "V")},
    sizes={"V": 6, "E": 3, "E2": 6, "H": 5, "H2": 10, "N": 8})


# --- the bigram model: rows of W picked by index, a mean L2 penalty --------------------------


def bigram_rows_loss(W, xs, ys):
    """loss = cross_entropy(W[xs], ys) + 0.01 mean(W^2)."""
    logits = W[xs]  # the same as one_hot(xs) @ W
    counts = logits.exp()
    probs = counts / counts.sum(1, keepdims=True)
    return -probs[torch.arange(xs.shape[0]), ys].log().mean() + 0.01 * (W**2).mean()


def bigram_rows_grad(W, xs, ys):
    """dW[xs[i]] += (probs[i] - onehot(ys[i])) / num, plus 0.02 W / W.numel()."""
    num = xs.nelement()
    logits = W[xs]
    counts = logits.exp()
    probs = counts / counts.sum(1, keepdims=True)
    dlogits = probs - F.one_hot(ys, num_classes=W.shape[1])
    dlogits = dlogits / num
    dW = torch.zeros_like(W)
    dW.index_add_(0, xs, dlogits)
    dW += 0.01 * 2 * W / W.nelement()
    return dW


bigram_rows = derivation(
    bigram_rows_loss, bigram_rows_grad, wrt="W",
    shapes={"W": ("V", "V"), "xs": ("N",), "ys": ("N",)},
    draws={"xs": ("labels", "V"), "ys": ("labels", "V")}, sizes={"V": 6, "N": 15})
