"""Skip-gram word vectors with a logistic loss on (centre, context) pairs, numpy:
s_n = Ein[c_n] . Eout[o_n], p_n = sigma(s_n), L = -1/N sum_n [ l_n log p_n + (1 - l_n) log(1 - p_n) ];
Ein (V, D), Eout (V, D), centre (N,), context (N,) word ids, l (N,) in (0, 1), with V = 5, D = 3, N = 6.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(Ein, Eout, centre, context, l):
    s = (Ein[centre] * Eout[context]).sum(dim=1)
    return F.binary_cross_entropy_with_logits(s, l)


def grad(Ein, Eout, centre, context, l):
    Ein, Eout, l = np.asarray(Ein), np.asarray(Eout), np.asarray(l)
    centre, context = np.asarray(centre), np.asarray(context)
    u = Ein[centre]
    v = Eout[context]
    s = np.sum(u * v, axis=1)
    p = 0.5 * (1.0 + np.tanh(0.5 * s))
    ds = (p - l) / len(l)
    dEin = np.zeros_like(Ein)
    np.add.at(dEin, context, ds[:, None] * v)  # <- wrong
    dEout = np.zeros_like(Eout)
    np.add.at(dEout, context, ds[:, None] * u)
    return dEin, dEout


def grad_fixed(Ein, Eout, centre, context, l):
    Ein, Eout, l = np.asarray(Ein), np.asarray(Eout), np.asarray(l)
    centre, context = np.asarray(centre), np.asarray(context)
    u = Ein[centre]
    v = Eout[context]
    s = np.sum(u * v, axis=1)
    p = 0.5 * (1.0 + np.tanh(0.5 * s))
    ds = (p - l) / len(l)
    dEin = np.zeros_like(Ein)
    np.add.at(dEin, centre, ds[:, None] * v)
    dEout = np.zeros_like(Eout)
    np.add.at(dEout, context, ds[:, None] * u)
    return dEin, dEout


SPEC = dict(wrt=("Ein", "Eout"),
            shapes={"Ein": ("V", "D"), "Eout": ("V", "D"), "centre": ("N",), "context": ("N",),
                    "l": ("N",)},
            draws={"centre": ("labels", "V"), "context": ("labels", "V"), "l": "uniform"},
            sizes={"V": 5, "D": 3, "N": 6})
case = derivation(loss, grad, **SPEC, name="m_skipgram_01")
CAUSE = "wrong-operand"
FIX = "The input vectors were looked up at the centre words, so their gradient goes back to the rows centre."
