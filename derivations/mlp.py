"""Multi-layer perceptrons: the two-layer network of note 000, the L-layer network of note 001.

Two layers (note 000), named by their unit index from input to output, sigmoid everywhere:

    O_i      input, shape (I,)
    W_ij     weights from layer i to layer j, shape (I, J);   x_j = sum_i O_i W_ij
    O_j      hidden output O_j = sigma(x_j), shape (J,)
    W_jk     weights from layer j to layer k, shape (J, K);   x_k = sum_j O_j W_jk
    O_k      output O_k = sigma(x_k), shape (K,)
    E        E = 1/2 sum_k (O_k - t_k)^2

The earlier layer's gradient needs the later layer's deltas, so the derivation runs
backwards: delta_k first, then delta_j from the deltas of layer k.

L layers (note 001), column vectors, a batch of m examples side by side as columns:

    a^(1) = x          input, shape (S_1, m);  y  targets, shape (S_L, m)
    W^(l)              maps layer l to l + 1, shape (S_(l+1), S_l)
    z^(l+1)            z^(l+1) = W^(l) a^(l) + b^(l)   (bias vector b^(l), shape (S_(l+1),))
                       z^(l+1) = W^(l) [1; a^(l)]      (bias unit a_0 = 1 folded into W^(l),
                                                        which then has S_l + 1 columns)
    a^(l+1)            a^(l+1) = g(z^(l+1)), g sigmoid, tanh or ReLU (``derivations.activations``)
    J                  J = 1/m sum_i sum_k 1/2 (a^(L)_ki - y_ki)^2

The note's delta is per example, delta^(l) = dJ_i/dz^(l); over the batch mean J this makes
dJ/dz^(l) = delta^(l) / m, and the m columns of delta^(l) are the m examples' deltas.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence

import torch
import torch.nn.functional as F
from torch import Tensor

from derivations.activations import ACTIVATIONS, Activation
from derivations.core import Derivation, Input, Node, Step, formula, keep
from derivations.perceptron import output_delta, sigmoid, sigmoid_derivative, weight_gradient

__all__ = ["BIAS_CONVENTIONS", "DEEP_BIAS_UNIT", "DEEP_RELU", "DEEP_SIGMOID", "DEEP_TANH",
           "TWO_LAYER", "backpropagated_error", "batch_bias_gradient",
           "batch_weight_gradient", "deep_network", "hidden_delta", "layer_delta",
           "output_layer_delta", "pre_activation", "with_bias_unit"]


def backpropagated_error(W_jk: Tensor, delta_k: Tensor) -> Tensor:
    """dE/dO_j = sum_k delta_k W_jk = W_jk delta_k: a hidden unit collects its outputs' deltas."""
    return W_jk @ delta_k


def hidden_delta(O_j: Tensor, dE_dO_j: Tensor) -> Tensor:
    """delta_j = dE/dx_j = O_j (1 - O_j) sum_k delta_k W_jk."""
    return sigmoid_derivative(O_j) * dE_dO_j


def _two_layer_loss(O_i: Tensor, W_ij: Tensor, W_jk: Tensor, t: Tensor,
                    node: Node = keep) -> Tensor:
    """E = 1/2 sum_k (O_k - t_k)^2 with O_k = sigma(sigma(O_i W_ij) W_jk)."""
    x_j = node("x_j", O_i @ W_ij)
    O_j = node("O_j", torch.sigmoid(x_j))
    x_k = node("x_k", O_j @ W_jk)
    O_k = node("O_k", torch.sigmoid(x_k))
    return 0.5 * ((O_k - t) ** 2).sum()


def _two_layer_gradient(O_i: Tensor, W_ij: Tensor, W_jk: Tensor, t: Tensor) -> dict[str, Tensor]:
    """Forward, then backwards: delta_k = (O_k - t_k) O_k (1 - O_k);  dE/dW_jk = O_j delta_k;
    delta_j = O_j (1 - O_j) sum_k delta_k W_jk;  dE/dW_ij = O_i delta_j."""
    O_j = sigmoid(O_i @ W_ij)
    O_k = sigmoid(O_j @ W_jk)
    delta_k = output_delta(O_k, t)
    dE_dO_j = backpropagated_error(W_jk, delta_k)
    delta_j = hidden_delta(O_j, dE_dO_j)
    return {
        "dE/dO_k": O_k - t,
        "delta_k": delta_k,
        "dE/dW_jk": weight_gradient(O_j, delta_k),
        "dE/dO_j": dE_dO_j,
        "delta_j": delta_j,
        "dE/dW_ij": weight_gradient(O_i, delta_j),
    }


TWO_LAYER = Derivation(
    name="mlp_two_layer",
    title="Two-layer sigmoid MLP i -> j -> k, E = 1/2 sum_k (O_k - t_k)^2",
    source="000_584ca7b853d043a3.txt",
    loss=_two_layer_loss,
    gradient=_two_layer_gradient,
    inputs=(
        Input("O_i", ("I",)),
        Input("W_ij", ("I", "J"), scale=0.5),
        Input("W_jk", ("J", "K"), scale=0.5),
        Input("t", ("K",), draw="uniform"),
    ),
    steps=(
        Step("dE/dO_k", "O_k", "dE/dO_k = O_k - t_k"),
        Step("delta_k", "x_k", "delta_k = (O_k - t_k) O_k (1 - O_k)",
             "through the output sigmoid: sigma'(x_k) = O_k (1 - O_k)"),
        Step("dE/dW_jk", "W_jk", "dE/dW_jk = O_j delta_k"),
        Step("dE/dO_j", "O_j", "dE/dO_j = sum_k delta_k W_jk",
             "O_j feeds every output k, so its error is the sum over k"),
        Step("delta_j", "x_j", "delta_j = O_j (1 - O_j) sum_k delta_k W_jk",
             "through the hidden sigmoid: sigma'(x_j) = O_j (1 - O_j)"),
        Step("dE/dW_ij", "W_ij", "dE/dW_ij = O_i delta_j = O_i O_j (1 - O_j) sum_k delta_k W_jk"),
    ),
    sizes={"I": 5, "J": 6, "K": 3},
    convention="E = 1/2 sum_k (O_k - t_k)^2",
)


# --- L layers, a batch of m examples, the delta recursion of note 001 ----------------------

#: ``vector``: a separate bias b^(l); ``unit``: a constant unit a_0 = 1 folded into W^(l).
BIAS_CONVENTIONS = ("vector", "unit")


def with_bias_unit(a: Tensor) -> Tensor:
    """[1; a]: the bias unit a_0 = 1 stacked on top of every column of a."""
    return F.pad(a, (0, 0, 1, 0), value=1.0)


@formula
def pre_activation(W: Tensor, a: Tensor, b: Tensor | None = None) -> Tensor:
    """z^(l+1) = W^(l) a^(l) + b^(l), or z^(l+1) = W^(l) [1; a^(l)] when b is None."""
    if b is None:
        return W @ with_bias_unit(a)
    return W @ a + b[:, None]


@formula
def output_layer_delta(a_L: Tensor, y: Tensor, dg_L: Tensor) -> Tensor:
    """delta^(L) = (a^(L) - y) .* g'(z^(L)), with dg_L = g'(z^(L))."""
    return (a_L - y) * dg_L


@formula
def layer_delta(W: Tensor, delta_next: Tensor, dg: Tensor) -> Tensor:
    """delta^(l) = (W^(l)T delta^(l+1)) .* g'(z^(l)), with dg = g'(z^(l)).

    With the bias unit, W here is W^(l) without its first column: a_0 = 1 is a constant,
    so the bias unit gets no delta.
    """
    return (W.T @ delta_next) * dg


def batch_weight_gradient(delta_next: Tensor, a: Tensor) -> Tensor:
    """dJ/dW^(l) = D^(l) = 1/m sum_i delta_i^(l+1) a_i^(l)T = 1/m delta^(l+1) a^(l)T.

    With the bias unit, a is [1; a^(l)] and the first column of D^(l) is the bias's gradient.
    """
    return delta_next @ a.T / a.shape[1]


@formula
def batch_bias_gradient(delta_next: Tensor) -> Tensor:
    """dJ/db^(l) = 1/m sum_i delta_i^(l+1): the bias is added to every example."""
    return delta_next.sum(1) / delta_next.shape[1]


def _layer_input(a: Tensor, bias: str) -> Tensor:
    return with_bias_unit(a) if bias == "unit" else a


def _deep_forward(g: Callable[[Tensor], Tensor], x: Tensor, params: dict[str, Tensor],
                  node: Node = keep) -> list[Tensor]:
    """a^(1), ..., a^(L): a^(1) = x, a^(l+1) = g(z^(l+1)) for every W^(l) in ``params``."""
    layers = [x]
    for l in range(1, sum(name.startswith("W") for name in params) + 1):
        z = node(f"z^({l + 1})", pre_activation(params[f"W{l}"], layers[-1],
                                                 params.get(f"b{l}")))
        layers.append(g(z))
    return layers


def _deep_loss(activation: Activation, bias: str):
    def loss(x: Tensor, y: Tensor, node: Node = keep, **params: Tensor) -> Tensor:
        """J = 1/m sum_i sum_k 1/2 (a^(L)_ki - y_ki)^2, a^(L) the last of the forward pass."""
        a_L = _deep_forward(activation.torch_g, x, params, node)[-1]
        return 0.5 * ((a_L - y) ** 2).sum() / x.shape[1]
    return loss


def _deep_gradient(activation: Activation, bias: str):
    def gradient(x: Tensor, y: Tensor, **params: Tensor) -> dict[str, Tensor]:
        """Forward, then for l = L, ..., 2: dJ/dz^(l) = delta^(l) / m,
        dJ/dW^(l-1) = 1/m delta^(l) a^(l-1)T, dJ/db^(l-1) = 1/m sum_i delta_i^(l),
        and delta^(l-1) = (W^(l-1)T delta^(l)) .* g'(z^(l-1))."""
        a = _deep_forward(activation.g, x, params)
        m, L = x.shape[1], len(a)
        delta = output_layer_delta(a[-1], y, activation.derivative(a[-1]))
        steps = {}
        for l in range(L, 1, -1):
            steps[f"dJ/dz^({l})"] = delta / m
            steps[f"dJ/dW^({l - 1})"] = batch_weight_gradient(delta, _layer_input(a[l - 2], bias))
            if bias == "vector":
                steps[f"dJ/db^({l - 1})"] = batch_bias_gradient(delta)
            if l > 2:
                W = params[f"W{l - 1}"]
                delta = layer_delta(W if bias == "vector" else W[:, 1:], delta,
                                    activation.derivative(a[l - 2]))
        return steps
    return gradient


def _deep_steps(L: int, activation: Activation, bias: str) -> tuple[Step, ...]:
    a_in = "[1; a^({})]" if bias == "unit" else "a^({})"
    steps = []
    for l in range(L, 1, -1):
        if l == L:
            delta = f"delta^({L}) = (a^({L}) - y) .* g'(z^({L}))"
            why = f"the output layer: dJ_i/da^({L}) = a^({L}) - y, times {activation.formula}"
        else:
            W = f"W^({l})" if bias == "vector" else f"W^({l}) without its bias column"
            delta = f"delta^({l}) = (W^({l})T delta^({l + 1})) .* g'(z^({l}))"
            why = (f"z^({l}) reaches J only through z^({l + 1}): back through {W}, "
                   f"then through g, {activation.formula}")
        steps.append(Step(f"dJ/dz^({l})", f"z^({l})", f"dJ/dz^({l}) = delta^({l}) / m,  {delta}",
                          why + "; the batch mean divides each example's delta by m"))
        steps.append(Step(f"dJ/dW^({l - 1})", f"W{l - 1}",
                          f"dJ/dW^({l - 1}) = 1/m delta^({l}) {a_in.format(l - 1)}T",
                          "D = Delta / m: each example adds delta a^T, the batch mean divides"))
        if bias == "vector":
            steps.append(Step(f"dJ/db^({l - 1})", f"b{l - 1}",
                              f"dJ/db^({l - 1}) = 1/m sum_i delta_i^({l})",
                              "b is added to every example's z, so the deltas are summed"))
    return tuple(steps)


def _deep_inputs(widths: Sequence[int], bias: str) -> tuple[Input, ...]:
    inputs = [Input("x", (widths[0], "m")), Input("y", (widths[-1], "m"), draw="uniform")]
    for l, (fan_in, fan_out) in enumerate(itertools.pairwise(widths), start=1):
        columns = fan_in + (bias == "unit")
        inputs.append(Input(f"W{l}", (fan_out, columns), scale=1 / math.sqrt(columns)))
        if bias == "vector":
            inputs.append(Input(f"b{l}", (fan_out,), scale=0.5))
    return tuple(inputs)


def deep_network(widths: Sequence[int] = (5, 4, 3, 2), activation: str = "sigmoid",
                 bias: str = "vector", batch: int = 4, name: str | None = None) -> Derivation:
    """The L-layer network of note 001 as a derivation, L = len(widths):
    J = 1/m sum_i sum_k 1/2 (a^(L)_ki - y_ki)^2,  dJ/dz^(l) = delta^(l) / m for l = L, ..., 2.

    Args:
        widths: units per layer S_1, ..., S_L, input first; at least two layers.
        activation: ``sigmoid``, ``tanh`` or ``relu``, used in every layer.
        bias: ``vector`` (a separate b^(l)) or ``unit`` (a_0 = 1 folded into W^(l)).
        batch: the number of examples m (the size ``m``, which a run may override).
        name: registry name; by default built from the other arguments.

    Returns:
        A Derivation with steps dJ/dz^(L), dJ/dW^(L-1), dJ/db^(L-1), ..., dJ/dW^(1), dJ/db^(1).

    Raises:
        ValueError: fewer than two layers, a width below 1, or an unknown activation or bias.
    """
    widths = tuple(int(w) for w in widths)
    if len(widths) < 2 or min(widths) < 1:
        raise ValueError(f"widths must name at least two layers of at least one unit: {widths}")
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {', '.join(ACTIVATIONS)}, not {activation!r}")
    if bias not in BIAS_CONVENTIONS:
        raise ValueError(f"bias must be one of {', '.join(BIAS_CONVENTIONS)}, not {bias!r}")
    g, L = ACTIVATIONS[activation], len(widths)
    shape = "-".join(map(str, widths))
    bias_text = "bias vector b" if bias == "vector" else "bias unit a_0 = 1 in W"
    return Derivation(
        name=name or f"mlp_{shape}_{activation}_{bias}",
        title=f"L-layer network {shape} (L = {L}), {activation}, {bias_text}, batch of m",
        source="001_68ae081f1151729c.txt",
        loss=_deep_loss(g, bias),
        gradient=_deep_gradient(g, bias),
        inputs=_deep_inputs(widths, bias),
        steps=_deep_steps(L, g, bias),
        sizes={"m": batch},
        convention="J = 1/m sum_i sum_k 1/2 (h(x_i)_k - y_ik)^2 (the batch mean of 1/2 sum of "
                   "squares)",
    )


DEEP_SIGMOID = deep_network((5, 4, 3, 2), "sigmoid", "vector", batch=4, name="mlp_deep_sigmoid")
DEEP_BIAS_UNIT = deep_network((3, 5, 2), "sigmoid", "unit", batch=3, name="mlp_deep_bias_unit")
DEEP_TANH = deep_network((5, 4, 3, 2), "tanh", "vector", batch=4, name="mlp_deep_tanh")
DEEP_RELU = deep_network((5, 4, 3, 2), "relu", "vector", batch=4, name="mlp_deep_relu")
