"""Ridge regression in numpy: L = 1/N sum_n ||x_n W - y_n||^2 + lam ||W||_F^2, lam = 0.1,
with the penalty not averaged over the batch; X (N, D) = (7, 4), W (4, 2), Y (7, 2).
"""


from verify import derivation


def loss(X, W, Y):
    return ((X @ W - Y) ** 2).sum(dim=1).mean() + 0.1 * (W ** 2).sum()


def grad(X, W, Y):
    N = X.shape[0]
    lam = 0.1
    R = X @ W - Y
    dW_data = 2.0 * X.T @ R  # <- wrong
    dW_reg = 2.0 * lam * W
    return dW_data + dW_reg


def grad_fixed(X, W, Y):
    N = X.shape[0]
    lam = 0.1
    R = X @ W - Y
    dW_data = 2.0 * X.T @ R / N
    dW_reg = 2.0 * lam * W
    return dW_data + dW_reg


SPEC = dict(wrt="W", shapes={"X": ("N", "D"), "W": ("D", "K"), "Y": ("N", "K")},
            sizes={"N": 7, "D": 4, "K": 2})
case = derivation(loss, grad, **SPEC, name="k_reg_01")
CAUSE = "batch-mean"
FIX = "The data term is a mean over the N rows: dW_data = 2 X^T R / N."
