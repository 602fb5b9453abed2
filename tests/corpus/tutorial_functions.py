"""More custom ``torch.autograd.Function``s as tutorials and libraries write them.

The PyTorch tutorial's Legendre polynomial checked against finite differences of its own
forward (no reference); a ``LinearFunction`` called with ``bias=None``, and a batched one
over (B, T, in) inputs; ``expm1`` saving its output; ``MulConstant`` with a plain number
(``None`` returned for it); a clamp saving a boolean mask; a softmax over ``dim=1`` of a
3-d input, ``dim`` a plain argument; a layer norm over (B, T, C) with ``eps`` a plain
argument, saving ``xhat`` and ``rstd``; the tanh GELU; a Mish with an
``@once_differentiable`` backward; the torch.func tutorial's ``MyCube`` (``setup_context``,
``generate_vmap_rule``, its derivative as a second, differentiable output); max over a
dimension with its indices marked non-differentiable; an in-place ``relu_`` with
``ctx.mark_dirty``; a gated linear unit saving ``sigmoid(b)``; a log-sigmoid computed in
float64 and cast back to the input's dtype; a cumulative sum (backward: reversed cumsum);
a matrix inverse (``dA = -A^-T G A^-T``); a Swish with a learnable 0-d ``beta``.
"""

import math

import torch
import torch.nn.functional as F
from torch.autograd.function import once_differentiable
from torch_functions import LinearFunction

from verify import function_derivation

# --- the tutorial's Legendre polynomial, against finite differences ---------------------------


class LegendrePolynomial3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return 0.5 * (5 * input ** 3 - 3 * input)

    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        return grad_output * 1.5 * (5 * input ** 2 - 1)


legendre_numeric = function_derivation(LegendrePolynomial3, shapes={"input": (2, 5)})


# --- the tutorial's LinearFunction (torch_functions.py holds it) called with bias=None --------

linear_no_bias = function_derivation(
    LinearFunction, lambda input, weight, bias: F.linear(input, weight),
    shapes={"input": (5, 4), "weight": (3, 4)}, draws={"bias": None})


# --- a batched linear over (B, T, in), as transformer code writes it --------------------------


class BatchedLinear(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, weight, bias):
        ctx.save_for_backward(x, weight)
        return x @ weight.t() + bias

    @staticmethod
    def backward(ctx, grad_out):
        x, weight = ctx.saved_tensors
        grad_x = grad_w = grad_b = None
        if ctx.needs_input_grad[0]:
            grad_x = grad_out @ weight
        if ctx.needs_input_grad[1]:
            grad_w = grad_out.reshape(-1, grad_out.shape[-1]).t() @ x.reshape(-1, x.shape[-1])
        if ctx.needs_input_grad[2]:
            grad_b = grad_out.sum(dim=(0, 1))
        return grad_x, grad_w, grad_b


batched_linear = function_derivation(
    BatchedLinear, F.linear,
    shapes={"x": ("B", "T", 4), "weight": (3, 4), "bias": (3,)}, sizes={"B": 2, "T": 3})


# --- expm1, saving its output -------------------------------------------------------------------


class Expm1(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        y = torch.expm1(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad_output):
        y, = ctx.saved_tensors
        return grad_output * (y + 1)


expm1 = function_derivation(Expm1, torch.expm1, shapes={"x": (3, 4)})


# --- MulConstant: a plain number, None returned for it -----------------------------------------


class MulConstant(torch.autograd.Function):
    @staticmethod
    def forward(ctx, tensor, constant):
        ctx.constant = constant
        return tensor * constant

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * ctx.constant, None


mul_constant = function_derivation(
    MulConstant, lambda tensor, constant: tensor * constant,
    shapes={"tensor": (4, 3)}, draws={"constant": 2.5})


# --- clamp, a boolean mask saved ----------------------------------------------------------------


class ClampMask(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, lo, hi):
        mask = (x >= lo) & (x <= hi)
        ctx.save_for_backward(mask)
        return x.clamp(lo, hi)

    @staticmethod
    def backward(ctx, grad_output):
        mask, = ctx.saved_tensors
        return grad_output * mask, None, None


clamp_mask = function_derivation(
    ClampMask, lambda x, lo, hi: torch.clamp(x, lo, hi),
    shapes={"x": (2, 3, 4)}, draws={"lo": -0.5, "hi": 1.5})


# --- softmax over dim=1 of a 3-d input, dim a plain argument -----------------------------------


class SoftmaxDim(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, dim):
        y = torch.softmax(x, dim=dim)
        ctx.save_for_backward(y)
        ctx.dim = dim
        return y

    @staticmethod
    def backward(ctx, grad_output):
        y, = ctx.saved_tensors
        grad_input = y * (grad_output - (grad_output * y).sum(dim=ctx.dim, keepdim=True))
        return grad_input, None


softmax_dim1 = function_derivation(
    SoftmaxDim, lambda x, dim: torch.softmax(x, dim=dim),
    shapes={"x": (2, 5, 3)}, draws={"dim": 1})


# --- layer norm over (B, T, C), eps a plain argument, saving xhat and rstd ---------------------


class LayerNorm3d(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, weight, bias, eps):
        mean = x.mean(dim=-1, keepdim=True)
        xc = x - mean
        var = (xc * xc).mean(dim=-1, keepdim=True)
        rstd = (var + eps).rsqrt()
        xhat = xc * rstd
        ctx.save_for_backward(xhat, weight, rstd)
        return xhat * weight + bias

    @staticmethod
    def backward(ctx, dout):
        xhat, weight, rstd = ctx.saved_tensors
        C = xhat.shape[-1]
        dbias = dout.sum(dim=(0, 1))
        dweight = (dout * xhat).sum(dim=(0, 1))
        dnorm = dout * weight
        dx = (dnorm - dnorm.sum(-1, keepdim=True) / C
              - xhat * (dnorm * xhat).sum(-1, keepdim=True) / C) * rstd
        return dx, dweight, dbias, None


layer_norm_btc = function_derivation(
    LayerNorm3d, lambda x, weight, bias, eps: F.layer_norm(x, x.shape[-1:], weight, bias, eps),
    shapes={"x": ("B", "T", "C"), "weight": ("C",), "bias": ("C",)},
    draws={"eps": 1e-5}, sizes={"B": 2, "T": 3, "C": 8})


# --- GELU, tanh approximation -------------------------------------------------------------------

GELU_C = math.sqrt(2.0 / math.pi)


class GELUTanh(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return 0.5 * x * (1.0 + torch.tanh(GELU_C * (x + 0.044715 * x ** 3)))

    @staticmethod
    def backward(ctx, grad_output):
        x, = ctx.saved_tensors
        inner = GELU_C * (x + 0.044715 * x ** 3)
        t = torch.tanh(inner)
        dinner = GELU_C * (1.0 + 3 * 0.044715 * x ** 2)
        return grad_output * (0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * dinner)


gelu_tanh = function_derivation(GELUTanh, lambda x: F.gelu(x, approximate="tanh"),
                                shapes={"x": (6, 5)})


# --- Mish, backward once differentiable --------------------------------------------------------


class MishFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * torch.tanh(F.softplus(x))

    @staticmethod
    @once_differentiable
    def backward(ctx, grad_output):
        x, = ctx.saved_tensors
        tsp = torch.tanh(F.softplus(x))
        return grad_output * (tsp + x * torch.sigmoid(x) * (1 - tsp * tsp))


mish = function_derivation(MishFunction, F.mish, shapes={"x": (4, 6)})


# --- the torch.func tutorial's MyCube: setup_context, generate_vmap_rule -----------------------


class MyCube(torch.autograd.Function):
    generate_vmap_rule = True

    @staticmethod
    def forward(x):
        result = x ** 3
        dx = 3 * x ** 2
        return result, dx

    @staticmethod
    def setup_context(ctx, inputs, output):
        x, = inputs
        _, dx = output
        ctx.save_for_backward(x, dx)

    @staticmethod
    def backward(ctx, grad_output, grad_dx):
        x, dx = ctx.saved_tensors
        return grad_output * dx + grad_dx * 6 * x


my_cube = function_derivation(MyCube, lambda x: (x ** 3, 3 * x ** 2), shapes={"x": (3, 4)})


# --- max over a dimension, the indices marked non-differentiable --------------------------------


class MaxDim(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, dim):
        values, indices = x.max(dim=dim)
        ctx.mark_non_differentiable(indices)
        ctx.save_for_backward(indices)
        ctx.dim, ctx.shape = dim, x.shape
        return values, indices

    @staticmethod
    def backward(ctx, grad_values, grad_indices):
        indices, = ctx.saved_tensors
        grad_x = grad_values.new_zeros(ctx.shape)
        grad_x.scatter_(ctx.dim, indices.unsqueeze(ctx.dim), grad_values.unsqueeze(ctx.dim))
        return grad_x, None


max_dim = function_derivation(MaxDim, lambda x, dim: torch.max(x, dim=dim),
                              shapes={"x": (4, 7)}, draws={"dim": 1})


# --- relu in place, the input marked dirty ------------------------------------------------------


class InplaceReLU(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        x.relu_()
        ctx.mark_dirty(x)
        ctx.save_for_backward(x)
        return x

    @staticmethod
    def backward(ctx, grad_output):
        out, = ctx.saved_tensors
        return grad_output * (out > 0).to(grad_output.dtype)


inplace_relu = function_derivation(InplaceReLU, torch.relu, shapes={"x": (5, 6)})


# --- gated linear unit a * sigmoid(b), saving sigmoid(b) ---------------------------------------


class GatedSigmoid(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b):
        s = torch.sigmoid(b)
        ctx.save_for_backward(a, s)
        return a * s

    @staticmethod
    def backward(ctx, grad_output):
        a, s = ctx.saved_tensors
        return grad_output * s, grad_output * a * s * (1 - s)


gated_sigmoid = function_derivation(
    GatedSigmoid, lambda a, b: F.glu(torch.cat([a, b], dim=-1), dim=-1),
    shapes={"a": (3, 4), "b": (3, 4)})


# --- log-sigmoid computed in float64, cast back ------------------------------------------------


class LogSigmoidFloat64(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        x64 = x.double()
        return (-F.softplus(-x64)).to(x.dtype)

    @staticmethod
    def backward(ctx, grad_output):
        x, = ctx.saved_tensors
        return (grad_output.double() * torch.sigmoid(-x.double())).to(grad_output.dtype)


logsigmoid_float64 = function_derivation(LogSigmoidFloat64, F.logsigmoid, shapes={"x": (10,)},
                                         draws={"x": ("normal", 4.0)})


# --- cumulative sum: backward is a reversed cumulative sum -------------------------------------


class CumSum(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, dim):
        ctx.dim = dim
        return torch.cumsum(x, dim=dim)

    @staticmethod
    def backward(ctx, grad_output):
        d = ctx.dim
        return grad_output.flip(d).cumsum(d).flip(d), None


cumsum = function_derivation(CumSum, lambda x, dim: torch.cumsum(x, dim=dim),
                             shapes={"x": (3, 6)}, draws={"dim": 1})


# --- matrix inverse: dA = -A^-T G A^-T ---------------------------------------------------------


class MatrixInverse(torch.autograd.Function):
    @staticmethod
    def forward(ctx, A):
        Ainv = torch.linalg.inv(A)
        ctx.save_for_backward(Ainv)
        return Ainv

    @staticmethod
    def backward(ctx, grad_output):
        Ainv, = ctx.saved_tensors
        return -Ainv.transpose(-2, -1) @ grad_output @ Ainv.transpose(-2, -1)


matrix_inverse = function_derivation(MatrixInverse, torch.linalg.inv, shapes={"A": (4, 4)})


# --- Swish with a learnable 0-d beta --------------------------------------------------------------


class SwishBeta(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, beta):
        s = torch.sigmoid(beta * x)
        ctx.save_for_backward(x, beta, s)
        return x * s

    @staticmethod
    def backward(ctx, grad_output):
        x, beta, s = ctx.saved_tensors
        ds = s * (1 - s)
        grad_x = grad_output * (s + x * beta * ds)
        grad_beta = (grad_output * x * x * ds).sum()
        return grad_x, grad_beta


swish_beta = function_derivation(SwishBeta, lambda x, beta: x * torch.sigmoid(beta * x),
                                 shapes={"x": (4, 5), "beta": ()})
