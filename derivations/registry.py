"""Every built-in derivation, by name, in the order the notes teach them."""

from __future__ import annotations

from derivations import layers, mlp, perceptron
from derivations.core import Derivation

__all__ = ["REGISTRY"]

REGISTRY: dict[str, Derivation] = {
    d.name: d
    for d in (
        perceptron.SINGLE_OUTPUT,
        perceptron.MULTI_OUTPUT,
        perceptron.MSE_LOSS_CONVENTION,
        perceptron.MATRIX_FORM,
        mlp.TWO_LAYER,
        mlp.DEEP_SIGMOID,
        mlp.DEEP_BIAS_UNIT,
        mlp.DEEP_TANH,
        mlp.DEEP_RELU,
        layers.CHAIN_RULE,
        layers.ADD,
        layers.MULTIPLY,
        layers.APPLES,
        layers.APPLES_AND_ORANGES,
        layers.SIGMOID_GRAPH,
        layers.SIGMOID_LAYER,
        layers.AFFINE,
        layers.SOFTMAX_WITH_LOSS,
        layers.SOFTMAX_WITH_LOSS_LABELS,
    )
}
