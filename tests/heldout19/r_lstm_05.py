"""One step of the numpy LSTM of hanbt/learn_dl (lstm.py, column vectors), bias gradients of the gates.

Source: hanbt/learn_dl lstm.py, LstmLayer.calc_gradient_t:
    bi_grad = self.delta_f_list[t]
    bo_grad = self.delta_f_list[t]
reported in https://github.com/hanbt/learn_dl/issues/53 and fixed by
https://github.com/hanbt/learn_dl/pull/63 ("bi_grad should use delta_i_list[t] and bo_grad should
use delta_o_list[t], not delta_f_list[t]. Fixes copy-paste bug in calc_gradient_t()"). The same
copy-paste hit two lines; this file keeps the input gate's (bo is left out of wrt).
f, i, o = sigmoid(W.h h_prev + W.x x + b.), ct = tanh(...), c = f c_prev + i ct, h = o tanh(c);
L = sum(delta_h * h); x (3, 1), h_prev (2, 1), c_prev (2, 1), W.h (2, 2), W.x (2, 3), b. (2, 1).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, h_prev, c_prev, Wfh, Wfx, bf, Wih, Wix, bi, Woh, Wox, bo, Wch, Wcx, bc, delta_h):
    fg = torch.sigmoid(Wfh @ h_prev + Wfx @ x + bf)
    ig = torch.sigmoid(Wih @ h_prev + Wix @ x + bi)
    og = torch.sigmoid(Woh @ h_prev + Wox @ x + bo)
    ct = torch.tanh(Wch @ h_prev + Wcx @ x + bc)
    c = fg * c_prev + ig * ct
    return (delta_h * og * torch.tanh(c)).sum()


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def grad(x, h_prev, c_prev, Wfh, Wfx, bf, Wih, Wix, bi, Woh, Wox, bo, Wch, Wcx, bc, delta_h):
    fg = sigmoid(np.dot(Wfh, h_prev) + np.dot(Wfx, x) + bf)
    ig = sigmoid(np.dot(Wih, h_prev) + np.dot(Wix, x) + bi)
    og = sigmoid(np.dot(Woh, h_prev) + np.dot(Wox, x) + bo)
    ct = np.tanh(np.dot(Wch, h_prev) + np.dot(Wcx, x) + bc)
    c = fg * c_prev + ig * ct
    tanh_c = np.tanh(c)
    delta_k = delta_h
    delta_f = delta_k * og * (1 - tanh_c * tanh_c) * c_prev * fg * (1 - fg)
    delta_i = delta_k * og * (1 - tanh_c * tanh_c) * ct * ig * (1 - ig)
    delta_ct = delta_k * og * (1 - tanh_c * tanh_c) * ig * (1 - ct * ct)
    bf_grad = delta_f
    bi_grad = delta_f  # <- wrong
    bc_grad = delta_ct
    return bf_grad, bi_grad, bc_grad


def grad_fixed(x, h_prev, c_prev, Wfh, Wfx, bf, Wih, Wix, bi, Woh, Wox, bo, Wch, Wcx, bc, delta_h):
    fg = sigmoid(np.dot(Wfh, h_prev) + np.dot(Wfx, x) + bf)
    ig = sigmoid(np.dot(Wih, h_prev) + np.dot(Wix, x) + bi)
    og = sigmoid(np.dot(Woh, h_prev) + np.dot(Wox, x) + bo)
    ct = np.tanh(np.dot(Wch, h_prev) + np.dot(Wcx, x) + bc)
    c = fg * c_prev + ig * ct
    tanh_c = np.tanh(c)
    delta_k = delta_h
    delta_f = delta_k * og * (1 - tanh_c * tanh_c) * c_prev * fg * (1 - fg)
    delta_i = delta_k * og * (1 - tanh_c * tanh_c) * ct * ig * (1 - ig)
    delta_ct = delta_k * og * (1 - tanh_c * tanh_c) * ig * (1 - ct * ct)
    bf_grad = delta_f
    bi_grad = delta_i
    bc_grad = delta_ct
    return bf_grad, bi_grad, bc_grad


_W = {"Wfh": (2, 2), "Wfx": (2, 3), "bf": (2, 1), "Wih": (2, 2), "Wix": (2, 3), "bi": (2, 1),
      "Woh": (2, 2), "Wox": (2, 3), "bo": (2, 1), "Wch": (2, 2), "Wcx": (2, 3), "bc": (2, 1)}
SPEC = dict(wrt=("bf", "bi", "bc"),
            shapes={"x": (3, 1), "h_prev": (2, 1), "c_prev": (2, 1), **_W, "delta_h": (2, 1)})
case = derivation(loss, grad, **SPEC, name="r_lstm_05")
CAUSE = "wrong-operand"
FIX = "The input gate's bias gradient is the input gate's own error term, bi_grad = delta_i, not the forget gate's delta_f."
