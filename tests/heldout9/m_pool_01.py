"""Global average pooling followed by a linear head, torch:
pooled = mean of x over its H x W positions, out = pooled Wfc, L = sum(G * out);
x (N, C, H, W), Wfc (C, K), G (N, K) with N = 2, C = 3, H = 4, W = 5, K = 6.
"""


from verify import derivation


def loss(x, Wfc, G):
    return (G * (x.mean(dim=(2, 3)) @ Wfc)).sum()


def grad(x, Wfc, G):
    height, width = x.shape[2], x.shape[3]
    pooled = x.mean(dim=(2, 3))
    dWfc = pooled.T @ G
    dpooled = G @ Wfc.T
    dx = dpooled[:, :, None, None].expand_as(x) / height  # <- wrong
    return dx, dWfc


def grad_fixed(x, Wfc, G):
    height, width = x.shape[2], x.shape[3]
    pooled = x.mean(dim=(2, 3))
    dWfc = pooled.T @ G
    dpooled = G @ Wfc.T
    dx = dpooled[:, :, None, None].expand_as(x) / (height * width)
    return dx, dWfc


SPEC = dict(wrt=("x", "Wfc"),
            shapes={"x": ("N", "C", "H", "W"), "Wfc": ("C", "K"), "G": ("N", "K")},
            draws={}, sizes={"N": 2, "C": 3, "H": 4, "W": 5, "K": 6})
case = derivation(loss, grad, **SPEC, name="m_pool_01")
CAUSE = "wrong-divisor"
FIX = "Each pooled value averages H * W positions, so each position receives dpooled / (H * W)."
