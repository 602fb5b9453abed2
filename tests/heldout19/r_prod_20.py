"""Prod backward of early PyTorch (torch/autograd/_functions/reduce.py, v0.1.x), as plain tensor code.

Source: https://github.com/pytorch/pytorch/issues/995 ("backward of -torch.prod(x) missing negative
sign"): for s = [2, 3], (-s.prod()).backward() gave [3, 2] instead of [-3, -2]. The old Function:
    def backward(self, grad_output):
        if self.dim is None:
            input, = self.saved_tensors
            grad_input = grad_output.new(self.input_size).fill_(self.result)
            return grad_input.div(input)
never multiplies by grad_output (fmassa: "it does not multiply by grad_output"); fixed in the
following release. L = -prod(x) as in the issue, so grad_output = -1. x (4,).
"""


from verify import derivation


def loss(x):
    return -x.prod()


class Prod:
    dim = None

    def forward(self, input):
        self.input_size = input.size()
        self.result = input.prod()
        self.saved_tensors = (input,)
        return input.new_tensor([self.result])

    def backward(self, grad_output):
        input, = self.saved_tensors
        grad_input = input.new_zeros(self.input_size).fill_(self.result)  # <- wrong
        return grad_input.div(input)


class ProdFixed(Prod):
    def backward(self, grad_output):
        input, = self.saved_tensors
        grad_input = input.new_zeros(self.input_size).fill_(self.result * grad_output[0])
        return grad_input.div(input)


def grad(x):
    fn = Prod()
    fn.forward(x)
    return fn.backward(x.new_tensor([-1.0]))


def grad_fixed(x):
    fn = ProdFixed()
    fn.forward(x)
    return fn.backward(x.new_tensor([-1.0]))


SPEC = dict(wrt="x", shapes={"x": (4,)}, draws={"x": ("positive", 1.0, 0.5)})
case = derivation(loss, grad, **SPEC, name="r_prod_20")
CAUSE = "sign"
FIX = "Scale by the incoming gradient: fill with result * grad_output[0], which for L = -prod(x) restores the minus sign."
