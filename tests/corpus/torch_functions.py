"""Custom ``torch.autograd.Function``s, written the way the PyTorch tutorials and forum posts
write them.

``forward(ctx, ...)`` saves tensors with ``ctx.save_for_backward`` (the input, or the output
when the derivative is cheaper from it: exp, sigmoid) and plain numbers on ``ctx``;
``backward(ctx, grad_output)`` returns one gradient per input, checking
``ctx.needs_input_grad`` and zeroing masked entries of a clone in place
(``grad_input[input < 0] = 0``). One Function uses the newer ``setup_context`` style. Each
is checked against its reference: the same forward in plain torch operations.
"""

import torch
import torch.nn.functional as F

from verify import function_derivation


class LinearFunction(torch.autograd.Function):
    # y = x W^T + b, as torch.nn.Linear computes it

    @staticmethod
    def forward(ctx, input, weight, bias=None):
        ctx.save_for_backward(input, weight, bias)
        output = input.mm(weight.t())
        if bias is not None:
            output += bias.unsqueeze(0).expand_as(output)
        return output

    @staticmethod
    def backward(ctx, grad_output):
        input, weight, bias = ctx.saved_tensors
        grad_input = grad_weight = grad_bias = None

        if ctx.needs_input_grad[0]:
            grad_input = grad_output.mm(weight)
        if ctx.needs_input_grad[1]:
            grad_weight = grad_output.t().mm(input)
        if bias is not None and ctx.needs_input_grad[2]:
            grad_bias = grad_output.sum(0)

        return grad_input, grad_weight, grad_bias


linear = function_derivation(LinearFunction, F.linear,
                             shapes={"input": ("N", 4), "weight": (3, 4), "bias": (3,)},
                             sizes={"N": 5})


class Exp(torch.autograd.Function):

    @staticmethod
    def forward(ctx, i):
        result = i.exp()
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx, grad_output):
        result, = ctx.saved_tensors
        return grad_output * result


exp = function_derivation(Exp, torch.exp, shapes={"i": (4, 4)})


class Sigmoid(torch.autograd.Function):
    # the newer style: forward takes no ctx, setup_context saves what backward needs

    @staticmethod
    def forward(x):
        return 1.0 / (1.0 + torch.exp(-x))

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(output)

    @staticmethod
    def backward(ctx, grad_output):
        y, = ctx.saved_tensors
        return grad_output * y * (1.0 - y)


sigmoid = function_derivation(Sigmoid, torch.sigmoid, shapes={"x": (2, 3, 4)})


class Softplus(torch.autograd.Function):
    # log(1 + e^x), linear above the threshold where e^x would overflow

    @staticmethod
    def forward(ctx, x, threshold=20.0):
        ctx.save_for_backward(x)
        ctx.threshold = threshold
        return torch.where(x > threshold, x, torch.log1p(torch.exp(x)))

    @staticmethod
    def backward(ctx, grad_output):
        x, = ctx.saved_tensors
        grad = torch.sigmoid(x)
        grad[x > ctx.threshold] = 1.0
        return grad_output * grad, None


softplus = function_derivation(Softplus, F.softplus, shapes={"x": (20,)},
                               draws={"x": ("normal", 15.0)})


class Hardtanh(torch.autograd.Function):
    # clamp to [min_val, max_val]; the gradient passes only strictly inside

    @staticmethod
    def forward(ctx, input, min_val=-1.0, max_val=1.0):
        ctx.save_for_backward(input)
        ctx.min_val, ctx.max_val = min_val, max_val
        return input.clamp(min=min_val, max=max_val)

    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        grad_input = grad_output.clone()
        grad_input[(input < ctx.min_val) | (input > ctx.max_val)] = 0
        return grad_input, None, None


hardtanh = function_derivation(Hardtanh, F.hardtanh, shapes={"input": (5, 6)})


class MyReLU(torch.autograd.Function):

    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return input.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        grad_input = grad_output.clone()
        grad_input[input < 0] = 0
        return grad_input


relu = function_derivation(MyReLU, torch.relu, shapes={"input": ("N", "D")},
                           sizes={"N": 3, "D": 7})


class LegendrePolynomial3(torch.autograd.Function):
    # P3(x) = 1/2 (5 x^3 - 3 x)

    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return 0.5 * (5 * input ** 3 - 3 * input)

    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        return grad_output * 1.5 * (5 * input ** 2 - 1)


def legendre_p3(x):
    return 0.5 * (5 * x ** 3 - 3 * x)


legendre = function_derivation(LegendrePolynomial3, legendre_p3, shapes={"input": (10,)})


class SiLU(torch.autograd.Function):
    # x sigmoid(x), a.k.a. swish

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * torch.sigmoid(x)

    @staticmethod
    def backward(ctx, grad_output):
        x, = ctx.saved_tensors
        s = torch.sigmoid(x)
        return grad_output * (s * (1 + x * (1 - s)))


silu = function_derivation(SiLU, F.silu, shapes={"x": (3, 5)})


class LayerNorm(torch.autograd.Function):

    @staticmethod
    def forward(ctx, x, weight, bias, eps=1e-5):
        mean = x.mean(-1, keepdim=True)
        var = x.var(-1, unbiased=False, keepdim=True)
        rstd = 1 / torch.sqrt(var + eps)
        xhat = (x - mean) * rstd
        ctx.save_for_backward(xhat, weight, rstd)
        return xhat * weight + bias

    @staticmethod
    def backward(ctx, dy):
        xhat, weight, rstd = ctx.saved_tensors
        dbias = dy.sum(0)
        dweight = (dy * xhat).sum(0)
        dxhat = dy * weight
        dx = rstd * (dxhat - dxhat.mean(-1, keepdim=True)
                     - xhat * (dxhat * xhat).mean(-1, keepdim=True))
        return dx, dweight, dbias, None


def layer_norm(x, weight, bias):
    return F.layer_norm(x, (x.shape[-1],), weight, bias, eps=1e-5)


layernorm = function_derivation(LayerNorm, layer_norm,
                                shapes={"x": (4, 6), "weight": (6,), "bias": (6,)})


class SmoothL1Loss(torch.autograd.Function):
    # mean over elements of 0.5 d^2 / beta where |d| < beta, |d| - 0.5 beta elsewhere

    @staticmethod
    def forward(ctx, input, target, beta=1.0):
        diff = input - target
        abs_diff = diff.abs()
        loss = torch.where(abs_diff < beta, 0.5 * diff ** 2 / beta, abs_diff - 0.5 * beta)
        ctx.save_for_backward(diff)
        ctx.beta = beta
        return loss.mean()

    @staticmethod
    def backward(ctx, grad_output):
        diff, = ctx.saved_tensors
        beta = ctx.beta
        grad = torch.where(diff.abs() < beta, diff / beta, torch.sign(diff))
        grad = grad * grad_output / diff.numel()
        return grad, -grad, None


smooth_l1 = function_derivation(SmoothL1Loss, F.smooth_l1_loss,
                                shapes={"input": (4, 3), "target": (4, 3)})


class HuberLoss(torch.autograd.Function):
    # summed Huber loss with delta: 0.5 d^2 inside, delta (|d| - 0.5 delta) outside

    @staticmethod
    def forward(ctx, input, target):
        delta = 1.5
        d = input - target
        ctx.save_for_backward(d)
        quadratic = torch.clamp(d.abs(), max=delta)
        linear = d.abs() - quadratic
        return (0.5 * quadratic ** 2 + delta * linear).sum()

    @staticmethod
    def backward(ctx, grad_output):
        d, = ctx.saved_tensors
        return grad_output * d.clamp(-1.5, 1.5), -grad_output * d.clamp(-1.5, 1.5)


def huber_sum(input, target):
    return F.huber_loss(input, target, reduction="sum", delta=1.5)


huber = function_derivation(HuberLoss, huber_sum, shapes={"input": (8,), "target": (8,)},
                            draws={"input": ("normal", 2.0)})
