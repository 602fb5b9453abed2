"""Order of the input gradients returned by MXNet's Module (python/mxnet/module, get_input_grads).

Source: https://github.com/apache/mxnet/pull/5980 ("[Module] fix input_grads order"): "The order of the
input_grad_arrays is inconsistent with the order of data_shapes. For example, we've set the data_names
with the order ['b', 'c', 'a'] but the input_gradient will be ['a', 'b', 'c']." The PR's example is
c = a + 2 * b + 3 * c bound with data_names=['b', 'c', 'a'], whose gradients came back as 1, 2, 3
instead of 2, 3, 1. The Module's bookkeeping is reduced to a Python class holding the executor's
gradients by name; the caller asks for them in data_names order.
Loss: sum(out_grad * (a + 2 b + 3 c)); a, b, c, out_grad (5, 5).
"""


from verify import derivation


def loss(b, c, a, out_grad):
    return (out_grad * (a + 2 * b + 3 * c)).sum()


class Module:
    def __init__(self, data_names):
        self.data_names = data_names
        self._grad_arrays = {}

    def backward(self, out_grad):
        self._grad_arrays = {"a": out_grad * 1.0, "b": out_grad * 2.0, "c": out_grad * 3.0}

    def get_input_grads(self):
        return [self._grad_arrays[name] for name in sorted(self._grad_arrays)]  # <- wrong


class ModuleFixed(Module):
    def get_input_grads(self):
        return [self._grad_arrays[name] for name in self.data_names]


def grad(b, c, a, out_grad):
    net = Module(data_names=["b", "c", "a"])
    net.backward(out_grad)
    return tuple(net.get_input_grads())


def grad_fixed(b, c, a, out_grad):
    net = ModuleFixed(data_names=["b", "c", "a"])
    net.backward(out_grad)
    return tuple(net.get_input_grads())


SPEC = dict(wrt=("b", "c", "a"), shapes={"b": (5, 5), "c": (5, 5), "a": (5, 5), "out_grad": (5, 5)})
case = derivation(loss, grad, **SPEC, name="y_inputgrads_01")
CAUSE = "return-order"
FIX = "Return the input gradients in the order of data_names, not sorted by name."
