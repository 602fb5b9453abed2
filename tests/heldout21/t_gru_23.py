"""GRU cell unrolled for 2 steps (gates z, r packed in W (D, 3H) and U (H, 3H)), torch.

z = sigmoid(x Wz + h Uz), r = sigmoid(x Wr + h Ur), n = tanh(x Wn + (r h) Un),
h' = (1 - z) n + z h, L = sum(G * h_2); xs (2, 3, 2), h0 (3, 4), W (2, 12), U (4, 12), G (3, 4).
Gradients with respect to W and U.
Mistake: the candidate's tanh derivative is 1 - an^2 with the pre-activation an, not 1 - n^2.
"""

import torch

from verify import derivation


def loss(W, U, xs, h0, G):
    H = h0.shape[1]
    h = h0
    for t in range(xs.shape[0]):
        x = xs[t]
        z = torch.sigmoid(x @ W[:, :H] + h @ U[:, :H])
        r = torch.sigmoid(x @ W[:, H:2 * H] + h @ U[:, H:2 * H])
        n = torch.tanh(x @ W[:, 2 * H:] + (r * h) @ U[:, 2 * H:])
        h = (1 - z) * n + z * h
    return (G * h).sum()


def grad(W, U, xs, h0, G):
    H = h0.shape[1]
    Uz, Ur, Un = U[:, :H], U[:, H:2 * H], U[:, 2 * H:]
    cache = []
    h = h0
    for t in range(xs.shape[0]):
        x = xs[t]
        z = torch.sigmoid(x @ W[:, :H] + h @ Uz)
        r = torch.sigmoid(x @ W[:, H:2 * H] + h @ Ur)
        an = x @ W[:, 2 * H:] + (r * h) @ Un
        n = torch.tanh(an)
        cache.append((x, h, z, r, an, n))
        h = (1 - z) * n + z * h
    dWz, dWr, dWn = [torch.zeros_like(W[:, :H]) for _ in range(3)]
    dUz, dUr, dUn = [torch.zeros_like(Uz) for _ in range(3)]
    dh = G
    for x, h_prev, z, r, an, n in reversed(cache):
        dn = dh * (1 - z)
        dz = dh * (h_prev - n)
        dan = dn * (1 - an ** 2)  # <- wrong
        daz = dz * z * (1 - z)
        drh = dan @ Un.T
        dar = drh * h_prev * r * (1 - r)
        dWz, dWr, dWn = dWz + x.T @ daz, dWr + x.T @ dar, dWn + x.T @ dan
        dUz, dUr, dUn = dUz + h_prev.T @ daz, dUr + h_prev.T @ dar, dUn + (r * h_prev).T @ dan
        dh = dh * z + drh * r + daz @ Uz.T + dar @ Ur.T
    return torch.cat([dWz, dWr, dWn], dim=1), torch.cat([dUz, dUr, dUn], dim=1)


def grad_fixed(W, U, xs, h0, G):
    H = h0.shape[1]
    Uz, Ur, Un = U[:, :H], U[:, H:2 * H], U[:, 2 * H:]
    cache = []
    h = h0
    for t in range(xs.shape[0]):
        x = xs[t]
        z = torch.sigmoid(x @ W[:, :H] + h @ Uz)
        r = torch.sigmoid(x @ W[:, H:2 * H] + h @ Ur)
        an = x @ W[:, 2 * H:] + (r * h) @ Un
        n = torch.tanh(an)
        cache.append((x, h, z, r, an, n))
        h = (1 - z) * n + z * h
    dWz, dWr, dWn = [torch.zeros_like(W[:, :H]) for _ in range(3)]
    dUz, dUr, dUn = [torch.zeros_like(Uz) for _ in range(3)]
    dh = G
    for x, h_prev, z, r, an, n in reversed(cache):
        dn = dh * (1 - z)
        dz = dh * (h_prev - n)
        dan = dn * (1 - n ** 2)
        daz = dz * z * (1 - z)
        drh = dan @ Un.T
        dar = drh * h_prev * r * (1 - r)
        dWz, dWr, dWn = dWz + x.T @ daz, dWr + x.T @ dar, dWn + x.T @ dan
        dUz, dUr, dUn = dUz + h_prev.T @ daz, dUr + h_prev.T @ dar, dUn + (r * h_prev).T @ dan
        dh = dh * z + drh * r + daz @ Uz.T + dar @ Ur.T
    return torch.cat([dWz, dWr, dWn], dim=1), torch.cat([dUz, dUr, dUn], dim=1)


SPEC = dict(wrt=("W", "U"),
            shapes={"W": (2, 12), "U": (4, 12), "xs": (2, 3, 2), "h0": (3, 4), "G": (3, 4)})
case = derivation(loss, grad, **SPEC, name="t_gru_23")
CAUSE = "activation-derivative-of-input"
FIX = "tanh'(an) = 1 - tanh(an)^2 = 1 - n^2, evaluated from the candidate n, not from an."
