"""Textbook gradient derivations, each a loss in torch ops and its closed form in plain math.

    >>> import derivations
    >>> derivations.REGISTRY["mlp_two_layer"].title
    'Two-layer sigmoid MLP i -> j -> k, E = 1/2 sum_k (O_k - t_k)^2'

The formulas are plain functions in the family modules (``derivations.perceptron``,
``derivations.mlp``, ``derivations.activations``, ``derivations.layers``); their docstrings
state the result in the code's own symbols.
"""

from derivations.activations import (
    ACTIVATIONS,
    Activation,
    relu,
    relu_derivative,
    tanh,
    tanh_derivative,
)
from derivations.core import Derivation, Input, Step, keep
from derivations.layers import (
    GraphDerivation,
    add_backward,
    add_forward,
    affine_backward,
    affine_forward,
    cross_entropy_error,
    exp_backward,
    mul_backward,
    mul_forward,
    one_hot,
    reciprocal_backward,
    sigmoid_backward,
    softmax,
    softmax_with_loss_backward,
    square_backward,
)
from derivations.mlp import (
    backpropagated_error,
    batch_bias_gradient,
    batch_weight_gradient,
    deep_network,
    hidden_delta,
    layer_delta,
    output_layer_delta,
    pre_activation,
    with_bias_unit,
)
from derivations.perceptron import output_delta, sigmoid, sigmoid_derivative, weight_gradient
from derivations.registry import REGISTRY

__all__ = [
    "ACTIVATIONS",
    "REGISTRY",
    "Activation",
    "Derivation",
    "GraphDerivation",
    "Input",
    "Step",
    "add_backward",
    "add_forward",
    "affine_backward",
    "affine_forward",
    "backpropagated_error",
    "batch_bias_gradient",
    "batch_weight_gradient",
    "cross_entropy_error",
    "deep_network",
    "exp_backward",
    "hidden_delta",
    "keep",
    "layer_delta",
    "mul_backward",
    "mul_forward",
    "one_hot",
    "output_delta",
    "output_layer_delta",
    "pre_activation",
    "reciprocal_backward",
    "relu",
    "relu_derivative",
    "sigmoid",
    "sigmoid_backward",
    "sigmoid_derivative",
    "softmax",
    "softmax_with_loss_backward",
    "square_backward",
    "tanh",
    "tanh_derivative",
    "weight_gradient",
    "with_bias_unit",
]
