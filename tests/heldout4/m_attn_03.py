"""Linear (unnormalised) attention, torch: A = Q K^T, out = A V, loss = sum(dout * out);
Q, K, V (T, d), dout (T, d), T = 4, d = 3. Gradients of Q and V.
"""


from verify import derivation


def loss(Q, K, V, dout):
    return (dout * ((Q @ K.T) @ V)).sum()


def grad(Q, K, V, dout):
    A = Q @ K.T
    dA = dout @ V.T
    dV = A @ dout  # <- wrong
    dQ = dA @ K
    return dQ, dV


def grad_fixed(Q, K, V, dout):
    A = Q @ K.T
    dA = dout @ V.T
    dV = A.T @ dout
    dQ = dA @ K
    return dQ, dV


SPEC = dict(wrt=("Q", "V"),
            shapes={"Q": ("T", "d"), "K": ("T", "d"), "V": ("T", "d"), "dout": ("T", "d")},
            sizes={"T": 4, "d": 3})
case = derivation(loss, grad, **SPEC, name="m_attn_03")
CAUSE = "transpose"
FIX = "out = A V gives dV = A^T dout; A dout only has the right shape because A is square (T x T)."
