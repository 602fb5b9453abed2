"""Textbook gradient derivations, each a loss in torch ops and its closed form in plain math.

    >>> import derivations
    >>> derivations.REGISTRY["mlp_two_layer"].title
    'Two-layer sigmoid MLP i -> j -> k, E = 1/2 sum_k (O_k - t_k)^2'

The formulas are plain functions in the family modules (``derivations.perceptron``,
``derivations.mlp``); their docstrings state the result in the code's own symbols.
"""

from derivations.core import Derivation, Input, Step, keep
from derivations.mlp import backpropagated_error, hidden_delta
from derivations.perceptron import output_delta, sigmoid, sigmoid_derivative, weight_gradient
from derivations.registry import REGISTRY

__all__ = [
    "REGISTRY",
    "Derivation",
    "Input",
    "Step",
    "backpropagated_error",
    "hidden_delta",
    "keep",
    "output_delta",
    "sigmoid",
    "sigmoid_derivative",
    "weight_gradient",
]
