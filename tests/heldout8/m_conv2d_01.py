"""A 2-D convolution layer (valid, stride 1) fitted to targets, torch with a loop over kernel offsets:
out = conv2d(x, K) + b (written with unfold), L = 1/(2N) sum (out - T)^2;
x (2, 3, 5, 6), K (4, 3, 2, 2), b (4,), T (2, 4, 4, 5).
"""

import torch

from verify import derivation


def loss(x, T, K, b):
    patches = x.unfold(2, K.shape[2], 1).unfold(3, K.shape[3], 1)
    out = torch.einsum("nchwpq,ocpq->nohw", patches, K) + b[:, None, None]
    return 0.5 * ((out - T) ** 2).sum() / x.shape[0]


def grad(x, T, K, b):
    kh, kw = K.shape[2], K.shape[3]
    Ho, Wo = T.shape[2], T.shape[3]
    out = b[None, :, None, None].expand(T.shape).clone()
    for p in range(kh):
        for q in range(kw):
            out += torch.einsum("oc,nchw->nohw", K[:, :, p, q], x[:, :, p:p + Ho, q:q + Wo])
    dout = (out - T) / x.shape[0]
    dK = torch.zeros_like(K)
    for p in range(kh):
        for q in range(kw):
            dK[:, :, p, q] = torch.einsum("nohw,nchw->oc", dout, x[:, :, p:p + Ho, q:q + Wo])
    db = dout.sum((0, 2, 3))
    return db, dK  # <- wrong


def grad_fixed(x, T, K, b):
    kh, kw = K.shape[2], K.shape[3]
    Ho, Wo = T.shape[2], T.shape[3]
    out = b[None, :, None, None].expand(T.shape).clone()
    for p in range(kh):
        for q in range(kw):
            out += torch.einsum("oc,nchw->nohw", K[:, :, p, q], x[:, :, p:p + Ho, q:q + Wo])
    dout = (out - T) / x.shape[0]
    dK = torch.zeros_like(K)
    for p in range(kh):
        for q in range(kw):
            dK[:, :, p, q] = torch.einsum("nohw,nchw->oc", dout, x[:, :, p:p + Ho, q:q + Wo])
    db = dout.sum((0, 2, 3))
    return dK, db


SPEC = dict(wrt=("K", "b"),
            shapes={"x": (2, 3, 5, 6), "T": (2, 4, 4, 5), "K": (4, 3, 2, 2), "b": (4,)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_conv2d_01")
CAUSE = "return-order"
FIX = "wrt is (K, b): return dK, db in that order."
