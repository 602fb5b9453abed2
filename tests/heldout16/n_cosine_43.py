"""Cosine embedding loss for positive pairs, written out, torch:
cos_n = u_n . v_n / (|u_n| |v_n|), L = 1/N sum_n (1 - cos_n);
u (N, D), v (N, D); N = 5, D = 4.
"""

from verify import derivation


def loss(u, v):
    cos = (u * v).sum(dim=1) / (u.norm(dim=1) * v.norm(dim=1))
    return (1 - cos).mean()


def grad(u, v):
    N = u.shape[0]
    nu = u.norm(dim=1, keepdim=True)
    nv = v.norm(dim=1, keepdim=True)
    cos = (u * v).sum(dim=1, keepdim=True) / (nu * nv)
    du = -(v / (nu * nv) - cos * u / nu ** 2) / N
    dv = -(u / (nu * nv) - cos * v / nv ** 2) / N
    return dv, du  # <- wrong


def grad_fixed(u, v):
    N = u.shape[0]
    nu = u.norm(dim=1, keepdim=True)
    nv = v.norm(dim=1, keepdim=True)
    cos = (u * v).sum(dim=1, keepdim=True) / (nu * nv)
    du = -(v / (nu * nv) - cos * u / nu ** 2) / N
    dv = -(u / (nu * nv) - cos * v / nv ** 2) / N
    return du, dv


SPEC = dict(wrt=("u", "v"), shapes={"u": ("N", "D"), "v": ("N", "D")}, sizes={"N": 5, "D": 4})
case = derivation(loss, grad, **SPEC, name="n_cosine_43")
CAUSE = "return-order"
FIX = "wrt is (u, v), so the gradients are returned as du, dv."
