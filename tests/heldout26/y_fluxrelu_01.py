"""Backward rule of relu in early Flux.jl (src/activation.jl, back(::typeof(relu), Δ, x)).

Source: https://github.com/FluxML/Flux.jl/pull/38 ("Fix activation functions": "Your activation
function backprops were oh so close"; MikeInnes: "Well, there's a rookie mistake if there ever was
one."). The rule read `back(::typeof(relu), Δ, x) = Δ .* (x .< 0)`, letting the gradient through where
relu is flat; the corrected line is `Δ .* (x .> 0)`. The Julia broadcast is translated to numpy.
Loss: sum(Δ .* relu(x)); x, Δ (5, 4).
"""

import torch

from verify import derivation


def loss(x, Δ):
    return (Δ * torch.relu(x)).sum()


def back(Δ, x):
    return Δ * (x < 0)  # <- wrong


def back_fixed(Δ, x):
    return Δ * (x > 0)


def grad(x, Δ):
    return back(Δ, x)


def grad_fixed(x, Δ):
    return back_fixed(Δ, x)


SPEC = dict(wrt="x", shapes={"x": (5, 4), "Δ": (5, 4)})
case = derivation(loss, grad, **SPEC, name="y_fluxrelu_01")
CAUSE = "mask"
FIX = "Pass the gradient where the input is positive, Δ .* (x .> 0), not where it is negative."
