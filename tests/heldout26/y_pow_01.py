"""Backward of the power operation in js-pytorch, a JavaScript autograd library (src/tensor.ts, class Pow).

Source: https://github.com/eduardoleao052/js-pytorch/pull/42 ("Fix pow recursive and gradient
functions"): "Currently, `Pow.backward(dz, z)` calculates dz/da = 2a regardless of the value of n.
This is correct if the input tensor is squared as in `a.pow(2)`, but for any other exponents the
function will calculate the wrong derivative ... This PR changes `Pow.backward` to instead calculate
dz/da = n a^(n-1) as intended"; the forward now caches n for the backward. The operation class,
with its cache filled by forward and read by backward, is translated to Python with numpy arrays.
Loss: sum(dz * a^3); a, dz (3, 4).
"""


from verify import derivation

N = 3


def loss(a, dz):
    return (dz * a ** N).sum()


class Pow:
    def forward(self, a, n):
        self.cache = (a, n)
        return a ** n

    def backward(self, dz, z):
        a, n = self.cache
        da = dz * 2 * a  # <- wrong
        return da


class PowFixed(Pow):
    def backward(self, dz, z):
        a, n = self.cache
        da = dz * n * a ** (n - 1)
        return da


def grad(a, dz):
    op = Pow()
    z = op.forward(a, N)
    return op.backward(dz, z)


def grad_fixed(a, dz):
    op = PowFixed()
    z = op.forward(a, N)
    return op.backward(dz, z)


SPEC = dict(wrt="a", shapes={"a": (3, 4), "dz": (3, 4)})
case = derivation(loss, grad, **SPEC, name="y_pow_01")
CAUSE = "wrong-operand"
FIX = "Differentiate a^n with the cached exponent: da = dz * n * a^(n - 1), not the square's 2a."
