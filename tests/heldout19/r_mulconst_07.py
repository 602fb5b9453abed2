"""MulConstant, the custom torch.autograd.Function of the pytorch-handbook's autograd chapter.

Source: zergtant/pytorch-handbook, chapter2/2.1.2-pytorch-basics-autograd.ipynb ("扩展Autograd"):
    class MulConstant(Function):
        @staticmethod
        def forward(ctx, tensor, constant):
            ctx.constant = constant
            return tensor*constant
        @staticmethod
        def backward(ctx, grad_output):
            return grad_output, None
https://github.com/zergtant/pytorch-handbook/issues/69: the backward should be
grad_output*ctx.constant (as in the PyTorch docs' example it was copied from); commenters confirm
that a * 5 gives a gradient of 5 where MulConstant gives 1.
L = sum(G * MulConstant(tensor, 5)); tensor (3, 3), G (3, 3).
"""

from torch.autograd.function import Function

from verify import derivation

CONSTANT = 5.0


def loss(tensor, G):
    return (G * (tensor * CONSTANT)).sum()


class MulConstant(Function):
    @staticmethod
    def forward(ctx, tensor, constant):
        ctx.constant = constant
        return tensor * constant

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output, None  # <- wrong


class MulConstantFixed(MulConstant):
    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * ctx.constant, None


class _Ctx:
    pass


def grad(tensor, G):
    ctx = _Ctx()
    MulConstant.forward(ctx, tensor, CONSTANT)
    return MulConstant.backward(ctx, G)[0]


def grad_fixed(tensor, G):
    ctx = _Ctx()
    MulConstantFixed.forward(ctx, tensor, CONSTANT)
    return MulConstantFixed.backward(ctx, G)[0]


SPEC = dict(wrt="tensor", shapes={"tensor": (3, 3), "G": (3, 3)})
case = derivation(loss, grad, **SPEC, name="r_mulconst_07")
CAUSE = "wrong-coefficient"
FIX = "d(c x)/dx = c, so backward returns grad_output * ctx.constant."
