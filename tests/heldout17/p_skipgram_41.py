"""Skip-gram with negative sampling for one centre word, torch:
L = -log sigmoid(u_o . v_c) - sum_k log sigmoid(-u_k . v_c); v_c (D,), u_o (D,), U_neg (K, D); D = 5, K = 3.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(vc, uo, Uneg):
    return -F.logsigmoid(uo @ vc) - F.logsigmoid(-(Uneg @ vc)).sum()


def grad(vc, uo, Uneg):
    s_pos = torch.sigmoid(uo @ vc)
    s_neg = torch.sigmoid(Uneg @ vc)
    dvc = -(1 - s_pos) * uo + s_neg @ Uneg
    duo = -(1 - s_pos) * uo  # <- wrong
    dUneg = torch.outer(s_neg, vc)
    return dvc, duo, dUneg


def grad_fixed(vc, uo, Uneg):
    s_pos = torch.sigmoid(uo @ vc)
    s_neg = torch.sigmoid(Uneg @ vc)
    dvc = -(1 - s_pos) * uo + s_neg @ Uneg
    duo = -(1 - s_pos) * vc
    dUneg = torch.outer(s_neg, vc)
    return dvc, duo, dUneg


SPEC = dict(wrt=("vc", "uo", "Uneg"), shapes={"vc": ("D",), "uo": ("D",), "Uneg": ("K", "D")},
            sizes={"D": 5, "K": 3})
case = derivation(loss, grad, **SPEC, name="p_skipgram_41")
CAUSE = "wrong-operand"
FIX = "The score u_o . v_c differentiated in u_o gives v_c: duo = -(1 - sigmoid(u_o . v_c)) v_c."
