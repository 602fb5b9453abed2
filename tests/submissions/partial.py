"""A submission to the mlp_two_layer exercise: The first three steps written, the rest left to
write.

Exercise mlp_two_layer: Two-layer sigmoid MLP i -> j -> k, E = 1/2 sum_k (O_k - t_k)^2

Write the body of each step function below in plain tensor math (autograd is not
allowed), then grade the file step by step:

    verify-grads check mlp_two_layer_exercise.py
    verify-grads exercise mlp_two_layer --check mlp_two_layer_exercise.py --hint 1

Inputs: O_i (I,) = (5,), W_ij (I, J) = (5, 6), W_jk (J, K) = (6, 3), t (K,) = (3,), with
I = 5, J = 6, K = 3. Each step function takes every input and returns one tensor; it may
call the step functions above it.
"""
import torch

from verify.exercise import given_loss, graded

# The loss, given: E = 1/2 sum_k (O_k - t_k)^2. Its code:
#     x_j = node("x_j", O_i @ W_ij)
#     O_j = node("O_j", torch.sigmoid(x_j))
#     x_k = node("x_k", O_j @ W_jk)
#     O_k = node("O_k", torch.sigmoid(x_k))
#     return 0.5 * ((O_k - t) ** 2).sum()
loss = given_loss("mlp_two_layer")


def dE_dO_k(O_i, W_ij, W_jk, t):
    """dE/dO_k: d loss / d O_k, shape (K,) = (3,)."""
    O_j = torch.sigmoid(O_i @ W_ij)
    O_k = torch.sigmoid(O_j @ W_jk)
    return O_k - t


def delta_k(O_i, W_ij, W_jk, t):
    """delta_k: d loss / d x_k, shape (K,) = (3,)."""
    O_k = torch.sigmoid(torch.sigmoid(O_i @ W_ij) @ W_jk)
    return dE_dO_k(O_i, W_ij, W_jk, t) * O_k * (1 - O_k)


def dE_dW_jk(O_i, W_ij, W_jk, t):
    """dE/dW_jk: d loss / d W_jk, shape (J, K) = (6, 3)."""
    O_j = torch.sigmoid(O_i @ W_ij)
    return O_j[:, None] * delta_k(O_i, W_ij, W_jk, t)[None, :]


def dE_dO_j(O_i, W_ij, W_jk, t):
    """dE/dO_j: d loss / d O_j, shape (J,) = (6,)."""
    raise NotImplementedError("write this step")


def delta_j(O_i, W_ij, W_jk, t):
    """delta_j: d loss / d x_j, shape (J,) = (6,)."""
    raise NotImplementedError("write this step")


def dE_dW_ij(O_i, W_ij, W_jk, t):
    """dE/dW_ij: d loss / d W_ij, shape (I, J) = (5, 6)."""
    raise NotImplementedError("write this step")


mlp_two_layer = graded("mlp_two_layer", loss, [dE_dO_k, delta_k, dE_dW_jk, dE_dO_j, delta_j,
                        dE_dW_ij])
