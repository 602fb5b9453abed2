"""BPTT of a plain recurrent layer (hanbt/learn_dl, rnn.py, RecurrentLayer.calc_delta_k).

Source: https://github.com/hanbt/learn_dl/issues/7 ("rnn的bptt貌似有问题", the BPTT seems wrong): the
error term of step k is delta_k = (delta_{k+1}^T W diag(f'(net_k)))^T, but calc_delta_k took the
activation derivative from state_list[k+1], the state of the NEXT step ("it should differentiate
state_list[k], not state_list[k+1]"; a commenter confirmed it by gradient checking, issue #29).
The same lines also applied the derivative in place to the stored list instead of the copy; here
only the step index is left wrong. s_t = relu(U x_t + W s_{t-1}), s_0 = 0, columns are vectors;
delta at the last step is the given sensitivity d = dE/dnet_T. Python 2 / numpy, kept as numpy.
Loss: sum(d * net_T) with net_T = U x_T + W s_{T-1}; U (2, 3), W (2, 2), x (3, 3) = 3 steps, d (2, 1).
"""

import numpy as np
import torch

from verify import derivation


def loss(U, W, x, d):
    state = torch.zeros(2, 1, dtype=U.dtype)
    for t in range(x.shape[1] - 1):
        state = torch.relu(U @ x[:, t:t + 1] + W @ state)
    net = U @ x[:, -1:] + W @ state
    return (d * net).sum()


def element_wise_op(array, op):
    for i in np.nditer(array, op_flags=['readwrite']):
        i[...] = op(i)


class ReluActivator(object):
    def forward(self, weighted_input):
        return max(0, weighted_input)

    def backward(self, output):
        return 1 if output > 0 else 0


class RecurrentLayer(object):
    def __init__(self, U, W, activator):
        self.state_width = W.shape[0]
        self.activator = activator
        self.times = 0
        self.state_list = [np.zeros((self.state_width, 1))]
        self.U, self.W = U, W

    def forward(self, input_array):
        self.times += 1
        state = (np.dot(self.U, input_array) +
                 np.dot(self.W, self.state_list[-1]))
        element_wise_op(state, self.activator.forward)
        self.state_list.append(state)

    def calc_delta(self, sensitivity_array, activator):
        self.delta_list = []
        for i in range(self.times):
            self.delta_list.append(np.zeros((self.state_width, 1)))
        self.delta_list.append(sensitivity_array)
        for k in range(self.times - 1, 0, -1):
            self.calc_delta_k(k, activator)

    def calc_delta_k(self, k, activator):
        state = self.state_list[k + 1].copy()  # <- wrong
        element_wise_op(state, activator.backward)
        self.delta_list[k] = np.dot(
            np.dot(self.delta_list[k + 1].T, self.W),
            np.diag(state[:, 0])).T

    def calc_gradient(self):
        self.gradient = np.zeros((self.state_width, self.state_width))
        for t in range(self.times, 0, -1):
            self.gradient += np.dot(self.delta_list[t], self.state_list[t - 1].T)


class RecurrentLayerFixed(RecurrentLayer):
    def calc_delta_k(self, k, activator):
        state = self.state_list[k].copy()
        element_wise_op(state, activator.backward)
        self.delta_list[k] = np.dot(
            np.dot(self.delta_list[k + 1].T, self.W),
            np.diag(state[:, 0])).T


def grad(U, W, x, d):
    rl = RecurrentLayer(U, W, ReluActivator())
    for t in range(x.shape[1]):
        rl.forward(x[:, t:t + 1])
    rl.calc_delta(d, ReluActivator())
    rl.calc_gradient()
    return rl.gradient


def grad_fixed(U, W, x, d):
    rl = RecurrentLayerFixed(U, W, ReluActivator())
    for t in range(x.shape[1]):
        rl.forward(x[:, t:t + 1])
    rl.calc_delta(d, ReluActivator())
    rl.calc_gradient()
    return rl.gradient


SPEC = dict(wrt="W", shapes={"U": (2, 3), "W": (2, 2), "x": (3, 3), "d": (2, 1)})
case = derivation(loss, grad, **SPEC, name="u_rnn_01")
CAUSE = "wrong-layer"
FIX = "Take the activation derivative of step k from state_list[k], the state that step produced, not from state_list[k + 1]."
