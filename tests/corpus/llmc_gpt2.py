"""A GPT-2 forward and backward pass in numpy, ported from a plain-C reference trainer.

Each layer is a pair of free functions, ``*_forward`` returning its output and what the
backward needs, ``*_backward`` taking the upstream gradient: the token + position encoder
(its backward scatters with ``np.add.at``), layer norm with the cached ``mean`` and
``rstd`` (once vectorised, once as the reference's triple loop over ``b, t, i`` accumulating
into ``np.zeros`` buffers), the matmul with a ``(OC, C)`` weight, causal multi-head
attention over a packed ``qkv`` input (``preatt``, ``att``, the softmax backward
``att * (datt - sum(att * datt))``), the tanh-approximation GELU whose backward uses
``cosh`` as the reference does, and the fused softmax + cross-entropy over a vocabulary
padded to ``Vp`` columns. The whole model then runs on one flat parameter buffer, sliced
into tensors in the reference's order, with the output projection tied to ``wte``.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

GELU_SCALING_FACTOR = np.sqrt(2.0 / np.pi)
LN_EPS = 1e-5


# --- encoder: wte[idx] + wpe[t] ----------------------------------------------------------------


def encoder_forward(inp, wte, wpe):
    T = inp.shape[1]
    return wte[inp] + wpe[:T][None, :, :]


def encoder_backward(dout, inp, wte_shape, wpe_shape):
    dwte = np.zeros(wte_shape)
    dwpe = np.zeros(wpe_shape)
    T = inp.shape[1]
    np.add.at(dwte, inp, dout)
    dwpe[:T] += dout.sum(axis=0)
    return dwte, dwpe


def encoder_loss(inp, wte, wpe, dout):
    T = inp.shape[1]
    return (dout * (wte[inp] + wpe[:T])).sum()


def encoder_grad(inp, wte, wpe, dout):
    return encoder_backward(dout, inp, wte.shape, wpe.shape)


encoder = derivation(
    encoder_loss, encoder_grad, wrt=("wte", "wpe"),
    shapes={"inp": ("B", "T"), "wte": ("V", "C"), "wpe": ("T", "C"), "dout": ("B", "T", "C")},
    draws={"inp": ("labels", "V")}, sizes={"B": 2, "T": 5, "V": 4, "C": 3})


# --- layer norm, vectorised ----------------------------------------------------------------


def layernorm_forward(inp, weight, bias):
    mean = inp.mean(axis=-1, keepdims=True)
    xshift = inp - mean
    var = (xshift ** 2).mean(axis=-1, keepdims=True)
    rstd = (var + LN_EPS) ** -0.5
    out = xshift * rstd * weight + bias
    return out, mean, rstd


def layernorm_backward(dout, inp, weight, mean, rstd):
    norm = (inp - mean) * rstd
    dbias = dout.sum(axis=(0, 1))
    dweight = (dout * norm).sum(axis=(0, 1))
    dnorm = dout * weight
    dnorm_mean = dnorm.mean(axis=-1, keepdims=True)
    dnorm_norm_mean = (dnorm * norm).mean(axis=-1, keepdims=True)
    dinp = (dnorm - dnorm_mean - norm * dnorm_norm_mean) * rstd
    return dinp, dweight, dbias


def layernorm_loss(inp, weight, bias, dout):
    out = F.layer_norm(inp, inp.shape[-1:], weight, bias, eps=LN_EPS)
    return (dout * out).sum()


def layernorm_grad(inp, weight, bias, dout):
    _, mean, rstd = layernorm_forward(inp, weight, bias)
    return layernorm_backward(dout, inp, weight, mean, rstd)


layernorm = derivation(
    layernorm_loss, layernorm_grad, wrt=("inp", "weight", "bias"),
    shapes={"inp": ("B", "T", "C"), "weight": ("C",), "bias": ("C",), "dout": ("B", "T", "C")},
    sizes={"B": 2, "T": 3, "C": 8})


# --- layer norm, the reference's loops -------------------------------------------------------


def layernorm_backward_loops(dinp, dweight, dbias, dout, inp, weight, mean, rstd, B, T, C):
    for b in range(B):
        for t in range(T):
            dout_bt = dout[b, t]
            inp_bt = inp[b, t]
            mean_bt = mean[b, t]
            rstd_bt = rstd[b, t]
            # first: two reduce operations
            dnorm_mean = 0.0
            dnorm_norm_mean = 0.0
            for i in range(C):
                norm_bti = (inp_bt[i] - mean_bt) * rstd_bt
                dnorm_i = weight[i] * dout_bt[i]
                dnorm_mean += dnorm_i
                dnorm_norm_mean += dnorm_i * norm_bti
            dnorm_mean = dnorm_mean / C
            dnorm_norm_mean = dnorm_norm_mean / C
            # now iterate again and accumulate all the gradients
            for i in range(C):
                norm_bti = (inp_bt[i] - mean_bt) * rstd_bt
                dnorm_i = weight[i] * dout_bt[i]
                dbias[i] += dout_bt[i]
                dweight[i] += norm_bti * dout_bt[i]
                dval = 0.0
                dval += dnorm_i
                dval -= dnorm_mean
                dval -= norm_bti * dnorm_norm_mean
                dval *= rstd_bt
                dinp[b, t, i] += dval


def layernorm_forward_loops(inp, weight, bias, B, T, C):
    out = np.zeros((B, T, C))
    mean = np.zeros((B, T))
    rstd = np.zeros((B, T))
    for b in range(B):
        for t in range(T):
            x = inp[b, t]
            m = 0.0
            for i in range(C):
                m += x[i]
            m = m / C
            v = 0.0
            for i in range(C):
                xshift = x[i] - m
                v += xshift * xshift
            v = v / C
            s = 1.0 / np.sqrt(v + LN_EPS)
            for i in range(C):
                out[b, t, i] = (s * (x[i] - m)) * weight[i] + bias[i]
            mean[b, t] = m
            rstd[b, t] = s
    return out, mean, rstd


def layernorm_loops_grad(inp, weight, bias, dout):
    B, T, C = inp.shape
    _, mean, rstd = layernorm_forward_loops(inp, weight, bias, B, T, C)
    dinp = np.zeros((B, T, C))
    dweight = np.zeros(C)
    dbias = np.zeros(C)
    layernorm_backward_loops(dinp, dweight, dbias, dout, inp, weight, mean, rstd, B, T, C)
    return dinp, dweight, dbias


layernorm_c_loops = derivation(
    layernorm_loss, layernorm_loops_grad, wrt=("inp", "weight", "bias"),
    shapes={"inp": ("B", "T", "C"), "weight": ("C",), "bias": ("C",), "dout": ("B", "T", "C")},
    sizes={"B": 2, "T": 2, "C": 5})


# --- matmul with a (OC, C) weight --------------------------------------------------------------


def matmul_forward(inp, weight, bias):
    return inp @ weight.T + bias


def matmul_backward(dout, inp, weight):
    dinp = dout @ weight
    dweight = np.einsum("bto,btc->oc", dout, inp)
    dbias = dout.sum(axis=(0, 1))
    return dinp, dweight, dbias


def matmul_loss(inp, weight, bias, dout):
    return (dout * F.linear(inp, weight, bias)).sum()


def matmul_grad(inp, weight, bias, dout):
    return matmul_backward(dout, inp, weight)


matmul = derivation(
    matmul_loss, matmul_grad, wrt=("inp", "weight", "bias"),
    shapes={"inp": ("B", "T", "C"), "weight": ("OC", "C"), "bias": ("OC",),
            "dout": ("B", "T", "OC")},
    sizes={"B": 2, "T": 3, "C": 4, "OC": 6})


# --- causal self-attention over a packed qkv --------------------------------------------------

NH = 2


def attention_forward(inp, NH):
    B, T, C3 = inp.shape
    C = C3 // 3
    hs = C // NH
    q, k, v = np.split(inp, 3, axis=2)
    q = q.reshape(B, T, NH, hs).transpose(0, 2, 1, 3)
    k = k.reshape(B, T, NH, hs).transpose(0, 2, 1, 3)
    v = v.reshape(B, T, NH, hs).transpose(0, 2, 1, 3)
    scale = 1.0 / np.sqrt(hs)
    preatt = q @ k.transpose(0, 1, 3, 2) * scale
    mask = np.tril(np.ones((T, T), dtype=bool))
    preatt = np.where(mask, preatt, -np.inf)
    maxval = preatt.max(axis=-1, keepdims=True)
    expv = np.exp(preatt - maxval)
    att = expv / expv.sum(axis=-1, keepdims=True)
    y = att @ v
    out = y.transpose(0, 2, 1, 3).reshape(B, T, C)
    return out, (q, k, v, att, scale)


def attention_backward(dout, cache, NH):
    q, k, v, att, scale = cache
    B, T, C = dout.shape
    hs = C // NH
    dy = dout.reshape(B, T, NH, hs).transpose(0, 2, 1, 3)
    datt = dy @ v.transpose(0, 1, 3, 2)
    dv = att.transpose(0, 1, 3, 2) @ dy
    dpreatt = att * (datt - (att * datt).sum(axis=-1, keepdims=True))
    dq = dpreatt @ k * scale
    dk = dpreatt.transpose(0, 1, 3, 2) @ q * scale

    def merge(h):
        return h.transpose(0, 2, 1, 3).reshape(B, T, C)

    return np.concatenate([merge(dq), merge(dk), merge(dv)], axis=2)


def attention_torch(qkv, n_head):
    B, T, C3 = qkv.shape
    C = C3 // 3
    q, k, v = qkv.split(C, dim=2)
    q = q.view(B, T, n_head, C // n_head).transpose(1, 2)
    k = k.view(B, T, n_head, C // n_head).transpose(1, 2)
    v = v.view(B, T, n_head, C // n_head).transpose(1, 2)
    y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
    return y.transpose(1, 2).contiguous().view(B, T, C)


def attention_loss(inp, dout):
    return (dout * attention_torch(inp, NH)).sum()


def attention_grad(inp, dout):
    _, cache = attention_forward(inp, NH)
    return attention_backward(dout, cache, NH)


attention = derivation(attention_loss, attention_grad, wrt="inp",
                       shapes={"inp": ("B", "T", 24), "dout": ("B", "T", 8)},
                       sizes={"B": 2, "T": 5})


# --- GELU, tanh approximation ----------------------------------------------------------------


def gelu_forward(inp):
    cube = 0.044715 * inp * inp * inp
    return 0.5 * inp * (1.0 + np.tanh(GELU_SCALING_FACTOR * (inp + cube)))


def gelu_backward(dout, inp):
    x = inp
    cube = 0.044715 * x * x * x
    tanh_arg = GELU_SCALING_FACTOR * (x + cube)
    tanh_out = np.tanh(tanh_arg)
    coshf_out = np.cosh(tanh_arg)
    sech_out = 1.0 / (coshf_out * coshf_out)
    local_grad = 0.5 * (1.0 + tanh_out) + x * 0.5 * sech_out * GELU_SCALING_FACTOR * (
        1.0 + 3.0 * 0.044715 * x * x)
    return local_grad * dout


def gelu_loss(inp, dout):
    return (dout * F.gelu(inp, approximate="tanh")).sum()


def gelu_grad(inp, dout):
    return gelu_backward(dout, inp)


gelu = derivation(gelu_loss, gelu_grad, wrt="inp",
                  shapes={"inp": ("B", "T", "C"), "dout": ("B", "T", "C")},
                  draws={"inp": ("normal", 2.0)}, sizes={"B": 2, "T": 3, "C": 7})


# --- fused softmax + cross-entropy over a padded vocabulary ------------------------------------

V = 5   # real vocabulary
VP = 8  # padded to a multiple of 8; columns V..VP-1 never take part


def crossentropy_softmax_backward(probs, targets):
    B, T, Vp = probs.shape
    dlogits = np.zeros((B, T, Vp))
    dloss = 1.0 / (B * T)
    for b in range(B):
        for t in range(T):
            ix = targets[b, t]
            for i in range(V):
                p = probs[b, t, i]
                indicator = 1.0 if i == ix else 0.0
                dlogits[b, t, i] += (p - indicator) * dloss
    return dlogits


def softmax_forward(logits):
    probs = np.zeros_like(logits)
    real = logits[..., :V]
    maxval = real.max(axis=-1, keepdims=True)
    e = np.exp(real - maxval)
    probs[..., :V] = e / e.sum(axis=-1, keepdims=True)
    return probs


def ce_loss(logits, targets):
    return F.cross_entropy(logits[..., :V].reshape(-1, V), targets.reshape(-1))


def ce_grad(logits, targets):
    probs = softmax_forward(logits)
    return crossentropy_softmax_backward(probs, targets)


crossentropy_padded_vocab = derivation(
    ce_loss, ce_grad, wrt="logits",
    shapes={"logits": ("B", "T", VP), "targets": ("B", "T")},
    draws={"targets": ("labels", V), "logits": ("normal", 3.0)}, sizes={"B": 2, "T": 3})


# --- the whole model on one flat parameter buffer ---------------------------------------------

GPT_V, GPT_VP, MAX_T, GPT_C, GPT_NH = 7, 8, 4, 8, 2
PARAM_SHAPES = [
    ("wte", (GPT_VP, GPT_C)), ("wpe", (MAX_T, GPT_C)),
    ("ln1w", (GPT_C,)), ("ln1b", (GPT_C,)),
    ("qkvw", (3 * GPT_C, GPT_C)), ("qkvb", (3 * GPT_C,)),
    ("attprojw", (GPT_C, GPT_C)), ("attprojb", (GPT_C,)),
    ("ln2w", (GPT_C,)), ("ln2b", (GPT_C,)),
    ("fcw", (4 * GPT_C, GPT_C)), ("fcb", (4 * GPT_C,)),
    ("fcprojw", (GPT_C, 4 * GPT_C)), ("fcprojb", (GPT_C,)),
    ("lnfw", (GPT_C,)), ("lnfb", (GPT_C,)),
]
NUM_PARAMETERS = sum(int(np.prod(s)) for _, s in PARAM_SHAPES)


def point_parameters(params_memory):
    """Views into the flat buffer, in order (a write to a view writes the buffer)."""
    views, offset = {}, 0
    for name, shape in PARAM_SHAPES:
        n = int(np.prod(shape))
        views[name] = params_memory[offset:offset + n].reshape(shape)
        offset += n
    return views


def gpt2_torch_loss(params, idx, targets):
    p, offset = {}, 0
    for name, shape in PARAM_SHAPES:
        n = int(np.prod(shape))
        p[name] = params[offset:offset + n].view(shape)
        offset += n
    T = idx.shape[1]
    x = p["wte"][idx] + p["wpe"][:T]
    h = F.layer_norm(x, (GPT_C,), p["ln1w"], p["ln1b"], eps=LN_EPS)
    qkv = F.linear(h, p["qkvw"], p["qkvb"])
    x = x + F.linear(attention_torch(qkv, GPT_NH), p["attprojw"], p["attprojb"])
    h = F.layer_norm(x, (GPT_C,), p["ln2w"], p["ln2b"], eps=LN_EPS)
    h = F.gelu(F.linear(h, p["fcw"], p["fcb"]), approximate="tanh")
    x = x + F.linear(h, p["fcprojw"], p["fcprojb"])
    h = F.layer_norm(x, (GPT_C,), p["lnfw"], p["lnfb"], eps=LN_EPS)
    logits = h @ p["wte"].T
    return F.cross_entropy(logits[..., :GPT_V].reshape(-1, GPT_V), targets.reshape(-1))


def gpt2_forward_backward(params, idx, targets):
    B, T = idx.shape
    p = point_parameters(params)
    grads_memory = np.zeros(NUM_PARAMETERS)
    g = point_parameters(grads_memory)

    # forward
    encoded = encoder_forward(idx, p["wte"], p["wpe"])
    ln1, ln1_mean, ln1_rstd = layernorm_forward(encoded, p["ln1w"], p["ln1b"])
    qkv = matmul_forward(ln1, p["qkvw"], p["qkvb"])
    atty, att_cache = attention_forward(qkv, GPT_NH)
    attproj = matmul_forward(atty, p["attprojw"], p["attprojb"])
    residual2 = encoded + attproj
    ln2, ln2_mean, ln2_rstd = layernorm_forward(residual2, p["ln2w"], p["ln2b"])
    fch = matmul_forward(ln2, p["fcw"], p["fcb"])
    fch_gelu = gelu_forward(fch)
    fcproj = matmul_forward(fch_gelu, p["fcprojw"], p["fcprojb"])
    residual3 = residual2 + fcproj
    lnf, lnf_mean, lnf_rstd = layernorm_forward(residual3, p["lnfw"], p["lnfb"])
    logits = lnf @ p["wte"].T  # (B, T, Vp), no bias
    probs = np.zeros_like(logits)
    real = logits[..., :GPT_V]
    e = np.exp(real - real.max(axis=-1, keepdims=True))
    probs[..., :GPT_V] = e / e.sum(axis=-1, keepdims=True)

    # backward: the loss is the mean over B*T positions
    dlogits = probs / (B * T)
    bi, ti = np.meshgrid(np.arange(B), np.arange(T), indexing="ij")
    dlogits[bi, ti, targets] -= 1.0 / (B * T)
    g["wte"][...] += np.einsum("btv,btc->vc", dlogits, lnf)
    dlnf = dlogits @ p["wte"]
    dresidual3, dw, db = layernorm_backward(dlnf, residual3, p["lnfw"], lnf_mean, lnf_rstd)
    g["lnfw"][...] += dw
    g["lnfb"][...] += db
    # residual3 = residual2 + fcproj
    dfch_gelu, dw, db = matmul_backward(dresidual3, fch_gelu, p["fcprojw"])
    g["fcprojw"][...] += dw
    g["fcprojb"][...] += db
    dfch = gelu_backward(dfch_gelu, fch)
    dln2, dw, db = matmul_backward(dfch, ln2, p["fcw"])
    g["fcw"][...] += dw
    g["fcb"][...] += db
    dresidual2, dw, db = layernorm_backward(dln2, residual2, p["ln2w"], ln2_mean, ln2_rstd)
    g["ln2w"][...] += dw
    g["ln2b"][...] += db
    dresidual2 += dresidual3
    datty, dw, db = matmul_backward(dresidual2, atty, p["attprojw"])
    g["attprojw"][...] += dw
    g["attprojb"][...] += db
    dqkv = attention_backward(datty, att_cache, GPT_NH)
    dln1, dw, db = matmul_backward(dqkv, ln1, p["qkvw"])
    g["qkvw"][...] += dw
    g["qkvb"][...] += db
    dencoded, dw, db = layernorm_backward(dln1, encoded, p["ln1w"], ln1_mean, ln1_rstd)
    g["ln1w"][...] += dw
    g["ln1b"][...] += db
    dencoded += dresidual2
    dwte, dwpe = encoder_backward(dencoded, idx, p["wte"].shape, p["wpe"].shape)
    g["wte"][...] += dwte
    g["wpe"][...] += dwpe
    return grads_memory


def gpt2_grad(params, idx, targets):
    return gpt2_forward_backward(params, idx, targets)


gpt2_flat_params = derivation(
    gpt2_torch_loss, gpt2_grad, wrt="params",
    shapes={"params": (NUM_PARAMETERS,), "idx": ("B", MAX_T), "targets": ("B", MAX_T)},
    draws={"params": ("normal", 0.5), "idx": ("labels", GPT_V), "targets": ("labels", GPT_V)},
    sizes={"B": 2})
