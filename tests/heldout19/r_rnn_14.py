"""Backpropagation through time, unrolled over 3 steps, in VikParuchuri/zero_to_gpt's RNN lesson (explanations/rnn.ipynb).

Source: https://github.com/VikParuchuri/zero_to_gpt/issues/9 ("hidden state index at t=1 during
backprop"): at sequence position 1 the lesson writes
    h_weight_grad += hiddens[1,:][:,np.newaxis] @ h1_grad
but the hidden weight at step 1 multiplies the previous hidden state hiddens[0] (the lesson's own
loop version uses hiddens[i-1]). Upstream gradient G of the three outputs is drawn at random.
sequence (3,), i_weight (1, 5), h_weight (5, 5), h_bias (1, 5), o_weight (5, 1), o_bias (1, 1), G (3,).
"""

import numpy as np
import torch

from verify import derivation


def loss(sequence, i_weight, h_weight, h_bias, o_weight, o_bias, G):
    h0 = torch.tanh(sequence[0].reshape(1, 1) @ i_weight)
    h1 = torch.tanh(sequence[1].reshape(1, 1) @ i_weight + h0 @ h_weight + h_bias)
    h2 = torch.tanh(sequence[2].reshape(1, 1) @ i_weight + h1 @ h_weight + h_bias)
    outputs = torch.cat([h @ o_weight + o_bias for h in (h0, h1, h2)]).reshape(3)
    return (G * outputs).sum()


def grad(sequence, i_weight, h_weight, h_bias, o_weight, o_bias, G):
    hiddens = np.zeros((3, 5))
    prev_hidden = None
    for i in range(3):
        x = sequence[i].reshape(1, 1)
        xi = x @ i_weight
        xh = xi + prev_hidden @ h_weight + h_bias if prev_hidden is not None else xi
        xh = np.tanh(xh)
        prev_hidden = xh
        hiddens[i, ] = xh
    loss_grad = G
    h_weight_grad, i_weight_grad = 0, 0
    l2_grad = loss_grad[2].reshape(1, 1)
    h2_grad = l2_grad @ o_weight.T
    h2_grad = np.multiply(h2_grad, 1 - hiddens[2, :][np.newaxis, :] ** 2)
    h_weight_grad += hiddens[1, :][:, np.newaxis] @ h2_grad
    i_weight_grad += sequence[2].reshape(1, 1).T @ h2_grad
    l1_grad = loss_grad[1].reshape(1, 1)
    h1_grad = l1_grad @ o_weight.T
    h1_grad += h2_grad @ h_weight.T
    h1_grad = np.multiply(h1_grad, 1 - hiddens[1, :][np.newaxis, :] ** 2)
    h_weight_grad += hiddens[1, :][:, np.newaxis] @ h1_grad  # <- wrong
    i_weight_grad += sequence[1].reshape(1, 1).T @ h1_grad
    l0_grad = loss_grad[0].reshape(1, 1)
    h0_grad = l0_grad @ o_weight.T
    h0_grad += h1_grad @ h_weight.T
    h0_grad = np.multiply(h0_grad, 1 - hiddens[0, :][np.newaxis, :] ** 2)
    i_weight_grad += sequence[0].reshape(1, 1).T @ h0_grad
    return i_weight_grad, h_weight_grad


def grad_fixed(sequence, i_weight, h_weight, h_bias, o_weight, o_bias, G):
    hiddens = np.zeros((3, 5))
    prev_hidden = None
    for i in range(3):
        x = sequence[i].reshape(1, 1)
        xi = x @ i_weight
        xh = xi + prev_hidden @ h_weight + h_bias if prev_hidden is not None else xi
        xh = np.tanh(xh)
        prev_hidden = xh
        hiddens[i, ] = xh
    loss_grad = G
    h_weight_grad, i_weight_grad = 0, 0
    l2_grad = loss_grad[2].reshape(1, 1)
    h2_grad = l2_grad @ o_weight.T
    h2_grad = np.multiply(h2_grad, 1 - hiddens[2, :][np.newaxis, :] ** 2)
    h_weight_grad += hiddens[1, :][:, np.newaxis] @ h2_grad
    i_weight_grad += sequence[2].reshape(1, 1).T @ h2_grad
    l1_grad = loss_grad[1].reshape(1, 1)
    h1_grad = l1_grad @ o_weight.T
    h1_grad += h2_grad @ h_weight.T
    h1_grad = np.multiply(h1_grad, 1 - hiddens[1, :][np.newaxis, :] ** 2)
    h_weight_grad += hiddens[0, :][:, np.newaxis] @ h1_grad
    i_weight_grad += sequence[1].reshape(1, 1).T @ h1_grad
    l0_grad = loss_grad[0].reshape(1, 1)
    h0_grad = l0_grad @ o_weight.T
    h0_grad += h1_grad @ h_weight.T
    h0_grad = np.multiply(h0_grad, 1 - hiddens[0, :][np.newaxis, :] ** 2)
    i_weight_grad += sequence[0].reshape(1, 1).T @ h0_grad
    return i_weight_grad, h_weight_grad


SPEC = dict(wrt=("i_weight", "h_weight"),
            shapes={"sequence": (3,), "i_weight": (1, 5), "h_weight": (5, 5), "h_bias": (1, 5),
                    "o_weight": (5, 1), "o_bias": (1, 1), "G": (3,)})
case = derivation(loss, grad, **SPEC, name="r_rnn_14")
CAUSE = "wrong-layer"
FIX = "The hidden weight at step 1 multiplies the previous state, so its gradient is hiddens[0].T @ h1_grad."
