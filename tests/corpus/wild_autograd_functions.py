"""Custom ``torch.autograd.Function`` subclasses, each checked against the plain torch op.

Activations written for memory (GELU with the exact erf, SiLU recomputing its sigmoid, an
ELU that saves only its output), a softmax that saves its output, a numerically stable
log-sum-exp over rows, and a fused layer norm with learnable scale and shift that saves
the normalised input and the reciprocal standard deviation. The older ``forward(ctx,
...)`` style and the newer ``setup_context`` style both appear.
"""

import math

import torch
import torch.nn.functional as F

from verify import function_derivation

SQRT_2 = math.sqrt(2.0)
INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


class GELUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return 0.5 * x * (1.0 + torch.erf(x / SQRT_2))

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        cdf = 0.5 * (1.0 + torch.erf(x / SQRT_2))
        pdf = torch.exp(-0.5 * x * x) * INV_SQRT_2PI
        return grad_output * (cdf + x * pdf)


gelu_erf = function_derivation(GELUFunction, F.gelu, shapes={"x": (6, 7)})


class SiLU(torch.autograd.Function):
    @staticmethod
    def forward(x):
        return x * torch.sigmoid(x)

    @staticmethod
    def setup_context(ctx, inputs, output):
        (x,) = inputs
        ctx.save_for_backward(x)

    @staticmethod
    def backward(ctx, dy):
        (x,) = ctx.saved_tensors
        sig = torch.sigmoid(x)
        return dy * sig * (1 + x * (1 - sig))


silu = function_derivation(SiLU, F.silu, shapes={"x": ("B", "D")}, sizes={"B": 2, "D": 16})

ELU_ALPHA = 1.0


class ELUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        out = torch.where(x > 0, x, ELU_ALPHA * (torch.exp(x) - 1))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad_out):
        (out,) = ctx.saved_tensors
        grad_in = grad_out.clone()
        neg = out <= 0
        grad_in[neg] = grad_out[neg] * (out[neg] + ELU_ALPHA)
        return grad_in


elu = function_derivation(ELUFunction, lambda x: F.elu(x, alpha=ELU_ALPHA),
                          shapes={"x": (40,)})


class Softmax(torch.autograd.Function):
    @staticmethod
    def forward(ctx, logits):
        shifted = logits - logits.max(dim=-1, keepdim=True).values
        e = shifted.exp()
        probs = e / e.sum(dim=-1, keepdim=True)
        ctx.save_for_backward(probs)
        return probs

    @staticmethod
    def backward(ctx, grad_probs):
        (probs,) = ctx.saved_tensors
        dot = (grad_probs * probs).sum(dim=-1, keepdim=True)
        return probs * (grad_probs - dot)


softmax = function_derivation(Softmax, lambda logits: torch.softmax(logits, dim=-1),
                              shapes={"logits": (3, 3)})


class LogSumExp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        m = x.amax(dim=1, keepdim=True)
        lse = m + torch.log(torch.exp(x - m).sum(dim=1, keepdim=True))
        ctx.save_for_backward(x, lse)
        return lse.squeeze(1)

    @staticmethod
    def backward(ctx, grad):
        x, lse = ctx.saved_tensors
        return grad.unsqueeze(1) * torch.exp(x - lse)


logsumexp_rows = function_derivation(LogSumExp, lambda x: torch.logsumexp(x, dim=1),
                                     shapes={"x": (5, 8)})

LN_EPS = 1e-5


class FusedLayerNorm(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, weight, bias):
        mean = x.mean(-1, keepdim=True)
        var = x.var(-1, unbiased=False, keepdim=True)
        rstd = torch.rsqrt(var + LN_EPS)
        xhat = (x - mean) * rstd
        ctx.save_for_backward(xhat, weight, rstd)
        return xhat * weight + bias

    @staticmethod
    def backward(ctx, dy):
        xhat, weight, rstd = ctx.saved_tensors
        D = xhat.shape[-1]
        dbias = dy.sum(0) if ctx.needs_input_grad[2] else None
        dweight = (dy * xhat).sum(0) if ctx.needs_input_grad[1] else None
        dx = None
        if ctx.needs_input_grad[0]:
            g = dy * weight
            c1 = (g * xhat).sum(-1, keepdim=True) / D
            c2 = g.sum(-1, keepdim=True) / D
            dx = (g - c2 - xhat * c1) * rstd
        return dx, dweight, dbias


def layer_norm_reference(x, weight, bias):
    return F.layer_norm(x, (x.shape[-1],), weight, bias, eps=LN_EPS)


fused_layer_norm = function_derivation(
    FusedLayerNorm, layer_norm_reference,
    shapes={"x": ("N", "D"), "weight": ("D",), "bias": ("D",)}, sizes={"N": 4, "D": 6})
