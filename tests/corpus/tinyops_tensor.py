"""A tiny numpy tensor library with reverse-mode autodiff, and models built from its ops.

``Tensor`` wraps a numpy array; every op is a ``Function`` subclass with a static
``forward(ctx, *arrays)`` and ``backward(ctx, grad_output)`` that saves what it needs with
``ctx.save_for_backward``; ``Tensor.backward()`` walks the graph in reverse topological
order and accumulates ``.grad``. Binary ops broadcast, and their backward sums the gradient
over the broadcast axes (``unbroadcast``); ``sum``/``mean``/``max`` take an axis (or a tuple
of axes) and ``keepdims``; ``max`` splits the gradient evenly among tied maxima, or with
``split_ties=False`` routes it to the first one as ``np.argmax`` picks it; ``clip`` passes
the gradient strictly inside its bounds; ``where`` routes it by a constant condition;
``reshape``, ``transpose`` and slicing move it back into place. Python numbers become
constants of the operand's dtype. Each model's loss is the same computation in torch.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation

# --- the library -----------------------------------------------------------------------------


class Function:
    def __init__(self, *parents):
        self.parents = parents
        self.saved_tensors = ()
        self.needs_input_grad = [p.requires_grad for p in parents]

    def save_for_backward(self, *arrays):
        self.saved_tensors = arrays

    @classmethod
    def apply(cls, *tensors, **kwargs):
        ctx = cls(*tensors)
        for k, v in kwargs.items():
            setattr(ctx, k, v)
        out = cls.forward(ctx, *[t.data for t in tensors])
        ret = Tensor(out, requires_grad=any(ctx.needs_input_grad))
        ret._ctx = ctx if ret.requires_grad else None
        return ret


def unbroadcast(grad, shape):
    """Sum ``grad`` down to ``shape``: over leading axes broadcasting added, and over axes
    where ``shape`` has a 1."""
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad


class Tensor:
    def __init__(self, data, requires_grad=False):
        self.data = data if isinstance(data, np.ndarray) else np.asarray(data)
        self.grad = None
        self.requires_grad = requires_grad
        self._ctx = None

    @property
    def shape(self):
        return self.data.shape

    def _const(self, x):
        return x if isinstance(x, Tensor) else Tensor(np.asarray(x, dtype=self.data.dtype))

    # arithmetic
    def __add__(self, other):
        return Add.apply(self, self._const(other))

    def __radd__(self, other):
        return Add.apply(self._const(other), self)

    def __sub__(self, other):
        return Add.apply(self, -self._const(other))

    def __rsub__(self, other):
        return Add.apply(self._const(other), -self)

    def __mul__(self, other):
        return Mul.apply(self, self._const(other))

    def __rmul__(self, other):
        return Mul.apply(self._const(other), self)

    def __truediv__(self, other):
        return Mul.apply(self, self._const(other) ** -1.0)

    def __rtruediv__(self, other):
        return Mul.apply(self._const(other), self ** -1.0)

    def __neg__(self):
        return Mul.apply(self, self._const(-1.0))

    def __pow__(self, exponent):
        return Pow.apply(self, exponent=exponent)

    def __matmul__(self, other):
        return MatMul.apply(self, other)

    def __getitem__(self, index):
        return Slice.apply(self, index=index)

    # unary
    def exp(self):
        return Exp.apply(self)

    def log(self):
        return Log.apply(self)

    def tanh(self):
        return Tanh.apply(self)

    def relu(self):
        return ReLU.apply(self)

    def sigmoid(self):
        return 1.0 / (1.0 + (-self).exp())

    def sqrt(self):
        return self ** 0.5

    def clip(self, lo, hi):
        return Clip.apply(self, lo=lo, hi=hi)

    # reductions and movement
    def sum(self, axis=None, keepdims=False):
        return Sum.apply(self, axis=axis, keepdims=keepdims)

    def mean(self, axis=None, keepdims=False):
        out = self.sum(axis=axis, keepdims=keepdims)
        return out * (out.data.size / self.data.size)

    def max(self, axis=None, keepdims=False, split_ties=True):
        return Max.apply(self, axis=axis, keepdims=keepdims, split_ties=split_ties)

    def reshape(self, *shape):
        return Reshape.apply(self, shape=shape)

    def transpose(self, *axes):
        return Transpose.apply(self, axes=axes or None)

    @staticmethod
    def where(cond, a, b):
        return Where.apply(a, b, cond=cond)

    # autodiff
    def deepwalk(self):
        def _walk(node, visited, nodes):
            visited.add(node)
            if node._ctx is not None:
                for parent in node._ctx.parents:
                    if parent not in visited:
                        _walk(parent, visited, nodes)
                nodes.append(node)
            return nodes
        return _walk(self, set(), [])

    def backward(self):
        assert self.data.size == 1, "backward only from a scalar"
        self.grad = np.ones_like(self.data)
        for node in reversed(self.deepwalk()):
            ctx = node._ctx
            grads = ctx.backward(ctx, node.grad)
            if len(ctx.parents) == 1:
                grads = [grads]
            for parent, g in zip(ctx.parents, grads, strict=True):
                if g is None or not parent.requires_grad:
                    continue
                assert g.shape == parent.shape, (g.shape, parent.shape, type(ctx).__name__)
                parent.grad = g if parent.grad is None else parent.grad + g


class Add(Function):
    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x.shape, y.shape)
        return x + y

    @staticmethod
    def backward(ctx, grad_output):
        shape_x, shape_y = ctx.saved_tensors
        return unbroadcast(grad_output, shape_x), unbroadcast(grad_output, shape_y)


class Mul(Function):
    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        return x * y

    @staticmethod
    def backward(ctx, grad_output):
        x, y = ctx.saved_tensors
        return unbroadcast(y * grad_output, x.shape), unbroadcast(x * grad_output, y.shape)


class Pow(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** ctx.exponent

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return ctx.exponent * x ** (ctx.exponent - 1) * grad_output


class Exp(Function):
    @staticmethod
    def forward(ctx, x):
        ret = np.exp(x)
        ctx.save_for_backward(ret)
        return ret

    @staticmethod
    def backward(ctx, grad_output):
        (ret,) = ctx.saved_tensors
        return grad_output * ret


class Log(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.log(x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output / x


class Tanh(Function):
    @staticmethod
    def forward(ctx, x):
        ret = np.tanh(x)
        ctx.save_for_backward(ret)
        return ret

    @staticmethod
    def backward(ctx, grad_output):
        (ret,) = ctx.saved_tensors
        return grad_output * (1 - ret * ret)


class ReLU(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.maximum(x, 0)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * (x >= 0)


class Clip(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.clip(x, ctx.lo, ctx.hi)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        inside = (x > ctx.lo) & (x < ctx.hi)
        return grad_output * inside


class Where(Function):
    @staticmethod
    def forward(ctx, a, b):
        return np.where(ctx.cond, a, b)

    @staticmethod
    def backward(ctx, grad_output):
        zero = np.zeros_like(grad_output)
        a_shape, b_shape = (p.shape for p in ctx.parents)
        return (unbroadcast(np.where(ctx.cond, grad_output, zero), a_shape),
                unbroadcast(np.where(ctx.cond, zero, grad_output), b_shape))


class Sum(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x.shape)
        return np.sum(x, axis=ctx.axis, keepdims=ctx.keepdims)

    @staticmethod
    def backward(ctx, grad_output):
        (shape,) = ctx.saved_tensors
        if ctx.axis is not None and not ctx.keepdims:
            grad_output = np.expand_dims(grad_output, ctx.axis)
        return np.broadcast_to(grad_output, shape).copy()


class Max(Function):
    @staticmethod
    def forward(ctx, x):
        ret = np.max(x, axis=ctx.axis, keepdims=True)
        ctx.save_for_backward(x, ret)
        return ret if ctx.keepdims else np.max(x, axis=ctx.axis)

    @staticmethod
    def backward(ctx, grad_output):
        x, ret = ctx.saved_tensors
        grad_output = grad_output.reshape(ret.shape)
        if ctx.split_ties:
            is_max = (x == ret).astype(x.dtype)
            div = is_max.sum(axis=ctx.axis, keepdims=True)
            return is_max * grad_output / div
        # route to the first maximum along a single axis
        first = np.argmax(x, axis=ctx.axis, keepdims=True)
        grad = np.zeros_like(x)
        np.put_along_axis(grad, first, grad_output, axis=ctx.axis)
        return grad


class Reshape(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x.shape)
        return x.reshape(ctx.shape)

    @staticmethod
    def backward(ctx, grad_output):
        (in_shape,) = ctx.saved_tensors
        return grad_output.reshape(in_shape)


class Transpose(Function):
    @staticmethod
    def forward(ctx, x):
        return np.transpose(x, ctx.axes)

    @staticmethod
    def backward(ctx, grad_output):
        if ctx.axes is None:
            return np.transpose(grad_output)
        return np.transpose(grad_output, np.argsort(ctx.axes))


class MatMul(Function):
    @staticmethod
    def forward(ctx, x, w):
        ctx.save_for_backward(x, w)
        return x @ w

    @staticmethod
    def backward(ctx, grad_output):
        x, w = ctx.saved_tensors
        grad_x = grad_output @ np.swapaxes(w, -1, -2)
        grad_w = np.swapaxes(x, -1, -2) @ grad_output
        return unbroadcast(grad_x, x.shape), unbroadcast(grad_w, w.shape)


class Slice(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x.shape, x.dtype)
        return x[ctx.index]

    @staticmethod
    def backward(ctx, grad_output):
        shape, dtype = ctx.saved_tensors
        grad = np.zeros(shape, dtype=dtype)
        grad[ctx.index] = grad_output
        return grad


def params(**arrays):
    """Leaf tensors that require grad, in the order given."""
    return [Tensor(a, requires_grad=True) for a in arrays.values()]


# --- an MLP with log-softmax written from ops --------------------------------------------------


def log_softmax(x, axis=-1):
    m = x.max(axis=axis, keepdims=True)
    shifted = x - m
    return shifted - shifted.exp().sum(axis=axis, keepdims=True).log()


def mlp_loss(x, W1, b1, W2, b2, y):
    h = torch.relu(x @ W1 + b1)
    return F.cross_entropy(h @ W2 + b2, y)


def mlp_grad(x, W1, b1, W2, b2, y):
    W1_, b1_, W2_, b2_ = params(W1=W1, b1=b1, W2=W2, b2=b2)
    X = Tensor(x)
    onehot = Tensor(np.eye(W2.shape[1], dtype=x.dtype)[y])
    logits = (X @ W1_ + b1_).relu() @ W2_ + b2_
    loss = -(log_softmax(logits) * onehot).sum() / x.shape[0]
    loss.backward()
    return W1_.grad, b1_.grad, W2_.grad, b2_.grad


mlp_log_softmax = derivation(
    mlp_loss, mlp_grad, wrt=("W1", "b1", "W2", "b2"),
    shapes={"x": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "C"), "b2": ("C",),
            "y": ("N",)},
    draws={"y": ("labels", "C")}, sizes={"N": 6, "D": 4, "H": 5, "C": 3})


# --- standardisation with mean/var over the batch, keepdims broadcasting --------------------

STD_EPS = 1e-5


def standardize_loss(x, gamma, beta, dout):
    mu = x.mean(dim=0, keepdim=True)
    var = ((x - mu) ** 2).mean(dim=0, keepdim=True)
    y = (x - mu) * (var + STD_EPS) ** -0.5 * gamma + beta
    return (dout * y).sum()


def standardize_grad(x, gamma, beta, dout):
    g, b = params(gamma=gamma, beta=beta)
    X = Tensor(x, requires_grad=True)
    mu = X.mean(axis=0, keepdims=True)
    xc = X - mu
    var = (xc ** 2).mean(axis=0, keepdims=True)
    y = xc * (var + STD_EPS) ** -0.5 * g + b
    (y * Tensor(dout)).sum().backward()
    return X.grad, g.grad, b.grad


standardize = derivation(
    standardize_loss, standardize_grad, wrt=("x", "gamma", "beta"),
    shapes={"x": ("N", "D"), "gamma": (1, "D"), "beta": ("D",), "dout": ("N", "D")},
    sizes={"N": 5, "D": 3})


# --- 2x2 max pooling by reshape, ties split -----------------------------------------------------


def maxpool_loss(x, dout):
    return (dout * F.max_pool2d(x, 2)).sum()


def maxpool_grad(x, dout):
    X = Tensor(x, requires_grad=True)
    n, c, h, w = x.shape
    pooled = X.reshape(n, c, h // 2, 2, w // 2, 2).max(axis=(3, 5))
    (pooled * Tensor(dout)).sum().backward()
    return X.grad


maxpool_reshape = derivation(
    maxpool_loss, maxpool_grad, wrt="x",
    shapes={"x": ("N", "C", 4, 6), "dout": ("N", "C", 2, 3)}, sizes={"N": 2, "C": 3})


# --- leaky ReLU by where, then clip to [-1, 1] --------------------------------------------------

SLOPE = 0.01


def clip_loss(x, dout):
    return (dout * torch.clamp(F.leaky_relu(x, SLOPE), -1.0, 1.0)).sum()


def clip_grad(x, dout):
    X = Tensor(x, requires_grad=True)
    y = Tensor.where(x > 0, X, X * SLOPE).clip(-1.0, 1.0)
    (y * Tensor(dout)).sum().backward()
    return X.grad


leaky_then_clip = derivation(
    clip_loss, clip_grad, wrt="x", shapes={"x": ("N", "D"), "dout": ("N", "D")},
    draws={"x": ("normal", 2.0)}, sizes={"N": 4, "D": 5})


# --- a zoo: eps inside a square root, softplus from exp and log, powers, division ----------------

ZOO_EPS = 1e-8


def zoo_loss(a, b, c):
    smooth_abs = (a * a + ZOO_EPS) ** 0.5
    softplus = torch.log(torch.exp(b) + 1)
    r = smooth_abs * softplus / (1 + b * b)
    return (r.sum(dim=0, keepdim=True) * c).mean() + (a ** 3).sum() / 10


def zoo_grad(a, b, c):
    A, B, Cc = params(a=a, b=b, c=c)
    smooth_abs = (A * A + ZOO_EPS) ** 0.5
    softplus = (B.exp() + 1).log()
    r = smooth_abs * softplus / (1 + B * B)
    loss = (r.sum(axis=0, keepdims=True) * Cc).mean() + (A ** 3).sum() / 10
    loss.backward()
    return A.grad, B.grad, Cc.grad


ops_zoo = derivation(
    zoo_loss, zoo_grad, wrt=("a", "b", "c"),
    shapes={"a": ("N", "D"), "b": ("N", "D"), "c": ("D",)}, sizes={"N": 3, "D": 4})


# --- every broadcasting pattern: () , (1, D), (N, 1), (D,) ---------------------------------------


def broadcast_loss(x, s, r, c, v, dout):
    return (dout * torch.tanh((x * r + c) * s + v)).sum()


def broadcast_grad(x, s, r, c, v, dout):
    X, S, R, Cc, V = params(x=x, s=s, r=r, c=c, v=v)
    out = ((X * R + Cc) * S + V).tanh()
    (out * Tensor(dout)).sum().backward()
    return X.grad, S.grad, R.grad, Cc.grad, V.grad


broadcast_shapes = derivation(
    broadcast_loss, broadcast_grad, wrt=("x", "s", "r", "c", "v"),
    shapes={"x": ("N", "D"), "s": (), "r": (1, "D"), "c": ("N", 1), "v": ("D",),
            "dout": ("N", "D")},
    sizes={"N": 4, "D": 3})


# --- attention from ops: transpose, matmul, softmax with its max ------------------------------


def attention_loss(q, k, v, dout):
    return (dout * F.scaled_dot_product_attention(q, k, v)).sum()


def attention_grad(q, k, v, dout):
    Q, K, V = params(q=q, k=k, v=v)
    d = q.shape[-1]
    scores = Q @ K.transpose(0, 2, 1) / float(np.sqrt(d))
    e = (scores - scores.max(axis=-1, keepdims=True)).exp()
    att = e / e.sum(axis=-1, keepdims=True)
    ((att @ V) * Tensor(dout)).sum().backward()
    return Q.grad, K.grad, V.grad


attention_from_ops = derivation(
    attention_loss, attention_grad, wrt=("q", "k", "v"),
    shapes={"q": ("B", "T", "E"), "k": ("B", "S", "E"), "v": ("B", "S", "E"),
            "dout": ("B", "T", "E")},
    sizes={"B": 2, "T": 3, "S": 4, "E": 5})


# --- a gated linear unit by slicing ------------------------------------------------------------


def glu_loss(x, W, dout):
    return (dout * F.glu(x @ W, dim=-1)).sum()


def glu_grad(x, W, dout):
    W_ = Tensor(W, requires_grad=True)
    X = Tensor(x, requires_grad=True)
    h = X @ W_
    half = W.shape[1] // 2
    out = h[:, :half] * h[:, half:].sigmoid()
    (out * Tensor(dout)).sum().backward()
    return X.grad, W_.grad


glu_slices = derivation(
    glu_loss, glu_grad, wrt=("x", "W"),
    shapes={"x": ("N", "D"), "W": ("D", 8), "dout": ("N", 4)}, sizes={"N": 3, "D": 5})


# --- a max over features, routed to the first maximum -------------------------------------------


def maxfeat_loss(x, w):
    return (torch.amax(torch.tanh(x), dim=1) * w).sum()


def maxfeat_grad(x, w):
    X = Tensor(x, requires_grad=True)
    W = Tensor(w, requires_grad=True)
    out = (X.tanh().max(axis=1, split_ties=False) * W).sum()
    out.backward()
    return X.grad, W.grad


max_first_index = derivation(
    maxfeat_loss, maxfeat_grad, wrt=("x", "w"),
    shapes={"x": ("N", "D"), "w": ("N",)}, draws={"x": ("normal", 2.0)},
    sizes={"N": 6, "D": 5})


# --- inputs clipped to [-1, 1] before a small tanh regression -------------------------------------


def clipped_regression_loss(x, W, t):
    h = torch.tanh(torch.clamp(x, -1.0, 1.0) @ W)
    return 0.5 * ((h - t) ** 2).sum()


def clipped_regression_grad(x, W, t):
    X = Tensor(x, requires_grad=True)
    W_ = Tensor(W, requires_grad=True)
    h = (X.clip(-1.0, 1.0) @ W_).tanh()
    err = h - Tensor(t)
    ((err * err).sum() * 0.5).backward()
    return X.grad, W_.grad


clipped_inputs_regression = derivation(
    clipped_regression_loss, clipped_regression_grad, wrt=("x", "W"),
    shapes={"x": ("N", "D"), "W": ("D", "K"), "t": ("N", "K")}, sizes={"N": 2, "D": 3, "K": 2})
