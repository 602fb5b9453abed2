"""Gradient of gather with repeated indices in apache/mxnet (gather_nd, src/operator/tensor/indexing_op.h).

Source: https://github.com/apache/mxnet/issues/9172 ("Wrong gradient of gather_nd when the indices
have duplicates"). The backward of gather_nd was scatter_nd, which *writes* each upstream gradient
into its source position, so when an index repeats only one contribution survives; the issue's
example gathers [[0,1],[2,3]] at indices [[1,1,0],[1,1,0]] and gets 1 where 2 is due. The fix is to
accumulate (the same backward logic as take / an atomic +=). Reduced to numpy as a row gather
data[idx] (an embedding lookup); with 6 indices into 4 rows some index always repeats.
Loss: sum(G * data[idx]); data (4, 3), idx (6,) in 0..3, G (6, 3).
"""

import numpy as np

from verify import derivation


def loss(data, idx, G):
    return (G * data[idx]).sum()


def grad(data, idx, G):
    grad_data = np.zeros_like(data)
    grad_data[idx] = G  # <- wrong
    return grad_data


def grad_fixed(data, idx, G):
    grad_data = np.zeros_like(data)
    np.add.at(grad_data, idx, G)
    return grad_data


SPEC = dict(wrt="data", shapes={"data": (4, 3), "idx": (6,), "G": (6, 3)}, draws={"idx": ("labels", 4)})
case = derivation(loss, grad, **SPEC, name="s_gather_11")
CAUSE = "missing-term"
FIX = "Accumulate the upstream gradient of every occurrence of an index (np.add.at), instead of assigning it."
