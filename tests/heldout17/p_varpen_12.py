"""Linear features with a batch-variance penalty, torch: h = x W,
L = sum(G * h) + beta sum_j var_n(h[:, j]) with the biased variance (1/N), beta = 0.5;
x (N, D), W (D, H), G (N, H); N = 5, D = 3, H = 4.
"""


from verify import derivation

BETA = 0.5


def loss(x, W, G):
    h = x @ W
    return (G * h).sum() + BETA * h.var(dim=0, correction=0).sum()


def grad(x, W, G):
    h = x @ W
    n = h.shape[0]
    centered = h - h.mean(dim=0, keepdim=True)
    dh = G + BETA * 2 * centered / (n - 1)  # <- wrong
    return x.T @ dh


def grad_fixed(x, W, G):
    h = x @ W
    n = h.shape[0]
    centered = h - h.mean(dim=0, keepdim=True)
    dh = G + BETA * 2 * centered / n
    return x.T @ dh


SPEC = dict(wrt="W", shapes={"x": ("N", "D"), "W": ("D", "H"), "G": ("N", "H")},
            sizes={"N": 5, "D": 3, "H": 4})
case = derivation(loss, grad, **SPEC, name="p_varpen_12")
CAUSE = "wrong-divisor"
FIX = "The penalty uses the biased variance (correction=0), so its gradient divides by N, not N - 1."
