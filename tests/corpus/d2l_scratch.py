"""Models "from scratch" in the style of the interactive deep learning textbook, in torch.

The book's helper functions (``linreg``, ``squared_loss``, ``softmax`` without a max
subtracted, ``cross_entropy`` as ``-log(y_hat[range(len(y_hat)), y])``, ``relu`` as
``torch.max(X, zeros)``, ``dropout_layer``, ``l2_penalty``, ``corr1d``, ``corr2d`` and
``pool2d`` written with Python loops over output positions, and the recurrent cells
``rnn``, ``gru`` and ``lstm`` that loop over time steps and ``torch.cat`` the outputs),
with the gradient each model's training loop asks autograd for written out by hand: per
example, summed as the book's ``l.sum().backward()`` sums it (the weight decay's penalty
is then added once per example), or averaged where the book's loss takes a mean; back
through time for the recurrent models, one-hot tokens as inputs (``F.one_hot(X.T,
vocab_size)``), outputs time-major. Dropout masks come from a uniform draw given as an
input (the book draws ``torch.rand``), and max pooling scatters to each window's argmax
(the draws are continuous, so no window has a tie). Each loss is the book's forward, with
the same helpers (the from-scratch ``softmax`` too, whose gradient autograd gets wrong at
large logits before its value goes wrong: central differences side with the closed form
there), and the gradients compute the helpers' buffers in the inputs' dtype
(``dtype=X.dtype``; the book's ``torch.zeros(shape)`` is float32 whatever the inputs).
"""

import torch
import torch.nn.functional as F

from verify import derivation

# --- the book's helpers --------------------------------------------------------------------


def linreg(X, w, b):
    """The linear regression model."""
    return torch.matmul(X, w) + b


def squared_loss(y_hat, y):
    """Squared loss."""
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def softmax(X):
    X_exp = torch.exp(X)
    partition = X_exp.sum(1, keepdim=True)
    return X_exp / partition  # the broadcasting mechanism is applied here


def cross_entropy(y_hat, y):
    return -torch.log(y_hat[range(len(y_hat)), y])


def relu(X):
    a = torch.zeros_like(X)
    return torch.max(X, a)


def l2_penalty(w):
    return torch.sum(w.pow(2)) / 2


def corr1d(X, K):
    w = K.shape[0]
    Y = torch.zeros((X.shape[0] - w + 1), dtype=X.dtype)
    for i in range(Y.shape[0]):
        Y[i] = (X[i: i + w] * K).sum()
    return Y


def corr2d(X, K):
    """Compute 2D cross-correlation."""
    h, w = K.shape
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1), dtype=X.dtype)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i:i + h, j:j + w] * K).sum()
    return Y


# --- linear regression: squared_loss summed, as l.sum().backward() sums it ------------------


def linreg_loss(X, y, w, b):
    """L = sum_i (X_i w + b - y_i)^2 / 2."""
    return squared_loss(linreg(X, w, b), y).sum()


def linreg_grad(X, y, w, b):
    """dw = X^T (y_hat - y), db = sum(y_hat - y)."""
    y_hat = linreg(X, w, b)
    err = y_hat - y.reshape(y_hat.shape)
    return torch.matmul(X.T, err), err.sum(0)


linear_regression = derivation(
    linreg_loss, linreg_grad, wrt=("w", "b"),
    shapes={"X": ("batch_size", "num_inputs"), "y": ("batch_size",), "w": ("num_inputs", 1),
            "b": (1,)},
    sizes={"batch_size": 10, "num_inputs": 2})


# --- softmax regression on flattened images --------------------------------------------------


def softmax_regression_loss(X, y, W, b):
    """L = mean_i cross_entropy(softmax(X_i.reshape(-1) W + b), y_i), the book's own net and
    loss: its softmax, with no max subtracted, is the one whose gradient autograd gets
    wrong at large logits (a probability of 1e-300 is differentiated through 1e-300 / 1e288,
    which is 0), where its value is still right."""
    y_hat = softmax(torch.matmul(X.reshape((-1, W.shape[0])), W) + b)
    return cross_entropy(y_hat, y).mean()


def softmax_regression_grad(X, y, W, b):
    """dW = X^T (y_hat - onehot(y)) / n, db = sum over examples of the same, y_hat from the
    book's softmax of the logits less their largest."""
    X = X.reshape((-1, W.shape[0]))
    O = torch.matmul(X, W) + b
    y_hat = softmax(O - O.max(1, keepdim=True).values)
    d_logits = y_hat.clone()
    d_logits[range(len(y_hat)), y] -= 1
    d_logits /= len(y_hat)
    return torch.matmul(X.T, d_logits), d_logits.sum(0)


softmax_regression = derivation(
    softmax_regression_loss, softmax_regression_grad, wrt=("W", "b"),
    shapes={"X": ("batch_size", 1, 4, 4), "y": ("batch_size",), "W": (16, "num_outputs"),
            "b": ("num_outputs",)},
    draws={"y": ("labels", "num_outputs")}, sizes={"batch_size": 8, "num_outputs": 5})


# --- a multilayer perceptron with the book's relu --------------------------------------------


def mlp_loss(X, y, W1, b1, W2, b2):
    """L = mean CrossEntropyLoss(relu(X W1 + b1) W2 + b2, y)."""
    X = X.reshape((-1, W1.shape[0]))
    H = relu(X @ W1 + b1)  # here '@' stands for matrix multiplication
    return F.cross_entropy(H @ W2 + b2, y, reduction="none").mean()


def mlp_grad(X, y, W1, b1, W2, b2):
    """Back through the output layer, the relu's mask and the hidden layer."""
    X = X.reshape((-1, W1.shape[0]))
    Z = X @ W1 + b1
    H = relu(Z)
    O = H @ W2 + b2
    dO = (torch.softmax(O, dim=1) - F.one_hot(y, O.shape[1]).type(O.dtype)) / X.shape[0]
    dW2 = H.T @ dO
    db2 = dO.sum(0)
    dH = dO @ W2.T
    dZ = dH * (Z > 0).type(Z.dtype)
    dW1 = X.T @ dZ
    db1 = dZ.sum(0)
    return dW1, db1, dW2, db2


mlp_scratch = derivation(
    mlp_loss, mlp_grad, wrt=("W1", "b1", "W2", "b2"),
    shapes={"X": ("batch_size", 1, 3, 3), "y": ("batch_size",), "W1": (9, "num_hiddens"),
            "b1": ("num_hiddens",), "W2": ("num_hiddens", "num_outputs"),
            "b2": ("num_outputs",)},
    draws={"y": ("labels", "num_outputs")},
    sizes={"batch_size": 8, "num_hiddens": 6, "num_outputs": 4})


# --- dropout_layer with its mask given, between three linear layers --------------------------

dropout1, dropout2 = 0.2, 0.5


def dropout_layer(X, dropout, rand):
    assert 0 <= dropout <= 1
    # in this case, all elements are dropped out
    if dropout == 1:
        return torch.zeros_like(X)
    # in this case, all elements are kept
    if dropout == 0:
        return X
    mask = (rand > dropout).type(X.dtype)  # the book: (torch.rand(X.shape) > dropout)
    return mask * X / (1.0 - dropout)


def dropout_loss(X, y, W1, b1, W2, b2, W3, b3, rand1, rand2):
    """L = mean cross-entropy of the net lin1, relu, dropout1, lin2, relu, dropout2, lin3."""
    H1 = relu(X @ W1 + b1)
    H1 = dropout_layer(H1, dropout1, rand1)
    H2 = relu(H1 @ W2 + b2)
    H2 = dropout_layer(H2, dropout2, rand2)
    return F.cross_entropy(H2 @ W3 + b3, y)


def dropout_grad(X, y, W1, b1, W2, b2, W3, b3, rand1, rand2):
    """Each dropout's backward is the same mask over 1 - p; each relu's its mask."""
    mask1 = (rand1 > dropout1).type(X.dtype) / (1.0 - dropout1)
    mask2 = (rand2 > dropout2).type(X.dtype) / (1.0 - dropout2)
    Z1 = X @ W1 + b1
    H1 = relu(Z1) * mask1
    Z2 = H1 @ W2 + b2
    H2 = relu(Z2) * mask2
    O = H2 @ W3 + b3
    dO = softmax(O - O.max(1, keepdim=True).values)
    dO[range(len(y)), y] -= 1
    dO = dO / len(y)
    dW3, db3 = H2.T @ dO, dO.sum(0)
    dZ2 = (dO @ W3.T) * mask2 * (Z2 > 0)
    dW2, db2 = H1.T @ dZ2, dZ2.sum(0)
    dZ1 = (dZ2 @ W2.T) * mask1 * (Z1 > 0)
    dW1, db1 = X.T @ dZ1, dZ1.sum(0)
    return dW1, db1, dW2, db2, dW3, db3


dropout_scratch = derivation(
    dropout_loss, dropout_grad, wrt=("W1", "b1", "W2", "b2", "W3", "b3"),
    shapes={"X": ("n", "num_inputs"), "y": ("n",), "W1": ("num_inputs", "num_hiddens1"),
            "b1": ("num_hiddens1",), "W2": ("num_hiddens1", "num_hiddens2"),
            "b2": ("num_hiddens2",), "W3": ("num_hiddens2", "num_outputs"),
            "b3": ("num_outputs",), "rand1": ("n", "num_hiddens1"),
            "rand2": ("n", "num_hiddens2")},
    draws={"y": ("labels", "num_outputs"), "rand1": ("uniform", 0.0, 1.0),
           "rand2": ("uniform", 0.0, 1.0)},
    sizes={"n": 10, "num_inputs": 5, "num_hiddens1": 8, "num_hiddens2": 6, "num_outputs": 3})


# --- weight decay: the penalty is added to every example's loss, then summed -----------------

lambd = 3


def weight_decay_loss(X, y, w, b):
    """L = sum_i [(X_i w + b - y_i)^2 / 2 + lambd ||w||^2 / 2]."""
    l = squared_loss(linreg(X, w, b), y) + lambd * l2_penalty(w)
    return l.sum()


def weight_decay_grad(X, y, w, b):
    """dw = X^T (y_hat - y) + n lambd w: the penalty counted once per example."""
    n = X.shape[0]
    err = linreg(X, w, b) - y.reshape(-1, 1)
    dw = X.T @ err + n * lambd * w
    db = err.sum().reshape(1)
    return dw, db


weight_decay = derivation(
    weight_decay_loss, weight_decay_grad, wrt=("w", "b"),
    shapes={"X": ("n", "num_inputs"), "y": ("n",), "w": ("num_inputs", 1), "b": (1,)},
    sizes={"n": 5, "num_inputs": 20})


# --- an RNN from scratch on one-hot tokens, back through time --------------------------------


def rnn(inputs, state, params):
    # shape of inputs: (num_steps, batch_size, vocab_size)
    W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    outputs = []
    # shape of X: (batch_size, vocab_size)
    for X in inputs:
        H = torch.tanh(torch.mm(X, W_xh) + torch.mm(H, W_hh) + b_h)
        Y = torch.mm(H, W_hq) + b_q
        outputs.append(Y)
    return torch.cat(outputs, dim=0), (H,)


def rnn_loss(X, Y, W_xh, W_hh, b_h, W_hq, b_q):
    """L = mean over steps and examples of cross_entropy(rnn outputs, Y.T.reshape(-1))."""
    inputs = F.one_hot(X.T, W_xh.shape[0]).type(W_xh.dtype)
    state = (torch.zeros((X.shape[0], W_hh.shape[0]), dtype=W_xh.dtype),)
    y_hat, state = rnn(inputs, state, (W_xh, W_hh, b_h, W_hq, b_q))
    y = Y.T.reshape(-1)
    return F.cross_entropy(y_hat, y.long()).mean()


def rnn_grad(X, Y, W_xh, W_hh, b_h, W_hq, b_q):
    """Forward keeping every H, then backpropagation through time from the last step."""
    inputs = F.one_hot(X.T, W_xh.shape[0]).type(W_xh.dtype)
    num_steps, batch_size = inputs.shape[0], inputs.shape[1]
    H = torch.zeros((batch_size, W_hh.shape[0]), dtype=W_xh.dtype)
    Hs, outputs = [H], []
    for X_t in inputs:
        H = torch.tanh(torch.mm(X_t, W_xh) + torch.mm(H, W_hh) + b_h)
        Hs.append(H)
        outputs.append(torch.mm(H, W_hq) + b_q)
    y_hat = torch.cat(outputs, dim=0)
    y = Y.T.reshape(-1)
    dy_hat = torch.softmax(y_hat, dim=1)
    dy_hat[range(len(y)), y] -= 1
    dy_hat /= len(y)
    grads = [torch.zeros_like(p) for p in (W_xh, W_hh, b_h, W_hq, b_q)]
    dW_xh, dW_hh, db_h, dW_hq, db_q = grads
    dH_next = torch.zeros_like(H)
    for t in reversed(range(num_steps)):
        dY = dy_hat[t * batch_size:(t + 1) * batch_size]
        dW_hq += Hs[t + 1].T @ dY
        db_q += dY.sum(0)
        dH = dY @ W_hq.T + dH_next
        dA = dH * (1 - Hs[t + 1] ** 2)
        dW_xh += inputs[t].T @ dA
        dW_hh += Hs[t].T @ dA
        db_h += dA.sum(0)
        dH_next = dA @ W_hh.T
    return grads


rnn_scratch = derivation(
    rnn_loss, rnn_grad, wrt=("W_xh", "W_hh", "b_h", "W_hq", "b_q"),
    shapes={"X": ("batch_size", "num_steps"), "Y": ("batch_size", "num_steps"),
            "W_xh": ("vocab_size", "num_hiddens"), "W_hh": ("num_hiddens", "num_hiddens"),
            "b_h": ("num_hiddens",), "W_hq": ("num_hiddens", "vocab_size"),
            "b_q": ("vocab_size",)},
    draws={"X": ("labels", "vocab_size"), "Y": ("labels", "vocab_size"),
           "W_xh": ("normal", 0.5), "W_hh": ("normal", 0.5), "W_hq": ("normal", 0.5)},
    sizes={"batch_size": 3, "num_steps": 4, "vocab_size": 6, "num_hiddens": 5})


# --- a GRU from scratch, back through time ---------------------------------------------------

GRU_PARAMS = ("W_xz", "W_hz", "b_z", "W_xr", "W_hr", "b_r", "W_xh", "W_hh", "b_h", "W_hq",
              "b_q")


def gru(inputs, state, params):
    W_xz, W_hz, b_z, W_xr, W_hr, b_r, W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    outputs = []
    for X in inputs:
        Z = torch.sigmoid((X @ W_xz) + (H @ W_hz) + b_z)
        R = torch.sigmoid((X @ W_xr) + (H @ W_hr) + b_r)
        H_tilda = torch.tanh((X @ W_xh) + ((R * H) @ W_hh) + b_h)
        H = Z * H + (1 - Z) * H_tilda
        Y = H @ W_hq + b_q
        outputs.append(Y)
    return torch.cat(outputs, dim=0), (H,)


def gru_loss(X, Y, W_xz, W_hz, b_z, W_xr, W_hr, b_r, W_xh, W_hh, b_h, W_hq, b_q):
    """L = mean cross-entropy of the GRU's outputs at every step, from a zero state."""
    params = (W_xz, W_hz, b_z, W_xr, W_hr, b_r, W_xh, W_hh, b_h, W_hq, b_q)
    inputs = F.one_hot(X.T, W_xz.shape[0]).type(W_xz.dtype)
    state = (torch.zeros((X.shape[0], W_hz.shape[0]), dtype=W_xz.dtype),)
    y_hat, _ = gru(inputs, state, params)
    return F.cross_entropy(y_hat, Y.T.reshape(-1))


def gru_grad(X, Y, W_xz, W_hz, b_z, W_xr, W_hr, b_r, W_xh, W_hh, b_h, W_hq, b_q):
    """Backpropagation through time through the update gate, reset gate and candidate."""
    inputs = F.one_hot(X.T, W_xz.shape[0]).type(W_xz.dtype)
    num_steps, batch_size = inputs.shape[0], inputs.shape[1]
    H = torch.zeros((batch_size, W_hz.shape[0]), dtype=W_xz.dtype)
    cache = []
    outputs = []
    for X_t in inputs:
        Z = torch.sigmoid((X_t @ W_xz) + (H @ W_hz) + b_z)
        R = torch.sigmoid((X_t @ W_xr) + (H @ W_hr) + b_r)
        H_tilda = torch.tanh((X_t @ W_xh) + ((R * H) @ W_hh) + b_h)
        cache.append((X_t, H, Z, R, H_tilda))
        H = Z * H + (1 - Z) * H_tilda
        outputs.append(H @ W_hq + b_q)
    y_hat = torch.cat(outputs, dim=0)
    y = Y.T.reshape(-1)
    dy_hat = (torch.softmax(y_hat, dim=1) - F.one_hot(y, y_hat.shape[1])) / len(y)

    g = {name: torch.zeros_like(p) for name, p in zip(
        GRU_PARAMS, (W_xz, W_hz, b_z, W_xr, W_hr, b_r, W_xh, W_hh, b_h, W_hq, b_q),
        strict=True)}
    dH_next = torch.zeros_like(H)
    for t in reversed(range(num_steps)):
        X_t, H_prev, Z, R, H_tilda = cache[t]
        H_t = Z * H_prev + (1 - Z) * H_tilda
        dY = dy_hat[t * batch_size:(t + 1) * batch_size]
        g["W_hq"] += H_t.T @ dY
        g["b_q"] += dY.sum(0)
        dH = dY @ W_hq.T + dH_next
        # H = Z * H_prev + (1 - Z) * H_tilda
        dZ = dH * (H_prev - H_tilda)
        dH_tilda = dH * (1 - Z)
        dH_prev = dH * Z
        # H_tilda = tanh(X W_xh + (R * H_prev) W_hh + b_h)
        dA_h = dH_tilda * (1 - H_tilda ** 2)
        g["W_xh"] += X_t.T @ dA_h
        g["W_hh"] += (R * H_prev).T @ dA_h
        g["b_h"] += dA_h.sum(0)
        dRH = dA_h @ W_hh.T
        dR = dRH * H_prev
        dH_prev += dRH * R
        # the gates
        dA_z = dZ * Z * (1 - Z)
        dA_r = dR * R * (1 - R)
        g["W_xz"] += X_t.T @ dA_z
        g["W_hz"] += H_prev.T @ dA_z
        g["b_z"] += dA_z.sum(0)
        g["W_xr"] += X_t.T @ dA_r
        g["W_hr"] += H_prev.T @ dA_r
        g["b_r"] += dA_r.sum(0)
        dH_prev += dA_z @ W_hz.T + dA_r @ W_hr.T
        dH_next = dH_prev
    return g


GRU_SHAPES = {"W_xz": ("V", "H"), "W_hz": ("H", "H"), "b_z": ("H",),
              "W_xr": ("V", "H"), "W_hr": ("H", "H"), "b_r": ("H",),
              "W_xh": ("V", "H"), "W_hh": ("H", "H"), "b_h": ("H",),
              "W_hq": ("H", "V"), "b_q": ("V",)}

gru_scratch = derivation(
    gru_loss, gru_grad, wrt=GRU_PARAMS,
    shapes={"X": ("B", "T"), "Y": ("B", "T"), **GRU_SHAPES},
    draws={"X": ("labels", "V"), "Y": ("labels", "V")},
    sizes={"B": 2, "T": 3, "V": 5, "H": 4})


# --- an LSTM from scratch on real-valued inputs, an upstream gradient on every output ---------

LSTM_PARAMS = ("W_xi", "W_hi", "b_i", "W_xf", "W_hf", "b_f", "W_xo", "W_ho", "b_o",
               "W_xc", "W_hc", "b_c", "W_hq", "b_q")


def lstm(inputs, state, params):
    [W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc, b_c,
     W_hq, b_q] = params
    (H, C) = state
    outputs = []
    for X in inputs:
        I = torch.sigmoid((X @ W_xi) + (H @ W_hi) + b_i)
        F = torch.sigmoid((X @ W_xf) + (H @ W_hf) + b_f)
        O = torch.sigmoid((X @ W_xo) + (H @ W_ho) + b_o)
        C_tilda = torch.tanh((X @ W_xc) + (H @ W_hc) + b_c)
        C = F * C + I * C_tilda
        H = O * torch.tanh(C)
        Y = (H @ W_hq) + b_q
        outputs.append(Y)
    return torch.cat(outputs, dim=0), (H, C)


def lstm_loss(inputs, W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc, b_c,
              W_hq, b_q, dY):
    """E = sum(dY * outputs), the LSTM run from a zero state over every step of inputs."""
    params = [W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc, b_c, W_hq, b_q]
    batch_size, num_hiddens = inputs.shape[1], W_hi.shape[0]
    state = (torch.zeros((batch_size, num_hiddens), dtype=inputs.dtype),
             torch.zeros((batch_size, num_hiddens), dtype=inputs.dtype))
    outputs, _ = lstm(inputs, state, params)
    return (dY * outputs).sum()


def lstm_grad(inputs, W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc, b_c,
              W_hq, b_q, dY):
    """Backpropagation through time, the memory cell's gradient carried with the state's."""
    params = [W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc, b_c, W_hq, b_q]
    batch_size, num_hiddens = inputs.shape[1], W_hi.shape[0]
    H = torch.zeros((batch_size, num_hiddens), dtype=inputs.dtype)
    C = torch.zeros((batch_size, num_hiddens), dtype=inputs.dtype)
    steps = []
    for X in inputs:
        I = torch.sigmoid((X @ W_xi) + (H @ W_hi) + b_i)
        Fg = torch.sigmoid((X @ W_xf) + (H @ W_hf) + b_f)
        O = torch.sigmoid((X @ W_xo) + (H @ W_ho) + b_o)
        C_tilda = torch.tanh((X @ W_xc) + (H @ W_hc) + b_c)
        C_prev, H_prev = C, H
        C = Fg * C + I * C_tilda
        H = O * torch.tanh(C)
        steps.append((X, H_prev, C_prev, I, Fg, O, C_tilda, C, H))

    grads = {name: torch.zeros_like(p) for name, p in zip(LSTM_PARAMS, params, strict=True)}
    dH_next = torch.zeros_like(H)
    dC_next = torch.zeros_like(C)
    num_steps = inputs.shape[0]
    for t in reversed(range(num_steps)):
        X, H_prev, C_prev, I, Fg, O, C_tilda, C, H = steps[t]
        dY_t = dY[t * batch_size:(t + 1) * batch_size]
        grads["W_hq"] += H.T @ dY_t
        grads["b_q"] += dY_t.sum(0)
        dH = dY_t @ W_hq.T + dH_next
        tanh_C = torch.tanh(C)
        dO = dH * tanh_C
        dC = dH * O * (1 - tanh_C ** 2) + dC_next
        dI = dC * C_tilda
        dF = dC * C_prev
        dC_tilda = dC * I
        dC_next = dC * Fg
        # through each gate's nonlinearity to its pre-activation
        da = {"i": dI * I * (1 - I), "f": dF * Fg * (1 - Fg), "o": dO * O * (1 - O),
              "c": dC_tilda * (1 - C_tilda ** 2)}
        dH_next = torch.zeros_like(H_prev)
        for gate, W_h in (("i", W_hi), ("f", W_hf), ("o", W_ho), ("c", W_hc)):
            grads[f"W_x{gate}"] += X.T @ da[gate]
            grads[f"W_h{gate}"] += H_prev.T @ da[gate]
            grads[f"b_{gate}"] += da[gate].sum(0)
            dH_next += da[gate] @ W_h.T
    return grads


LSTM_SHAPES = {"inputs": ("T", "B", "D"),
               **{f"W_x{g}": ("D", "H") for g in "ifoc"},
               **{f"W_h{g}": ("H", "H") for g in "ifoc"},
               **{f"b_{g}": ("H",) for g in "ifoc"},
               "W_hq": ("H", "Q"), "b_q": ("Q",), "dY": ("TB", "Q")}

lstm_scratch = derivation(
    lstm_loss, lstm_grad, wrt=LSTM_PARAMS, shapes=LSTM_SHAPES,
    sizes={"T": 3, "B": 2, "TB": 6, "D": 3, "H": 4, "Q": 2})


# --- learning a kernel: the Conv2D layer of the book, trained on a squared error -------------


class Conv2D:
    def __init__(self, weight, bias):
        self.weight = weight
        self.bias = bias

    def forward(self, x):
        return corr2d(x, self.weight) + self.bias


def conv2d_loss(X, Y, weight, bias):
    """L = sum((corr2d(X, weight) + bias - Y)^2), corr2d as F.conv2d."""
    Y_hat = F.conv2d(X[None, None], weight[None, None])[0, 0] + bias
    return ((Y_hat - Y) ** 2).sum()


def conv2d_grad(X, Y, weight, bias):
    """dweight = corr2d(X, dY_hat) with dY_hat = 2 (Y_hat - Y); dbias = sum(dY_hat)."""
    conv2d = Conv2D(weight, bias)
    Y_hat = conv2d.forward(X)
    dY_hat = 2 * (Y_hat - Y)
    return corr2d(X, dY_hat), dY_hat.sum().reshape(bias.shape)


conv2d_kernel = derivation(
    conv2d_loss, conv2d_grad, wrt=("weight", "bias"),
    shapes={"X": (6, 8), "Y": (6, 7), "weight": (1, 2), "bias": (1,)})


def corr2d_loss(X, K, dY):
    """E = sum(dY * corr2d(X, K))."""
    return (dY * F.conv2d(X[None, None], K[None, None])[0, 0]).sum()


def corr2d_grad(X, K, dY):
    """dX = corr2d(dY padded by the kernel's size - 1, K flipped); dK = corr2d(X, dY)."""
    h, w = K.shape
    dY_padded = F.pad(dY, (w - 1, w - 1, h - 1, h - 1))
    dX = corr2d(dY_padded, torch.flip(K, (0, 1)))
    dK = corr2d(X, dY)
    return dX, dK


corr2d_input_and_kernel = derivation(
    corr2d_loss, corr2d_grad, wrt=("X", "K"),
    shapes={"X": (5, 6), "K": (2, 3), "dY": (4, 4)})


# --- 1-D cross-correlation over several input channels ---------------------------------------


def corr1d_multi_in(X, K):
    # first, iterate through the 0th dimension (channel dimension) of X and K, then add them
    return sum(corr1d(x, k) for x, k in zip(X, K, strict=True))


def corr1d_loss(X, K, dY):
    """E = sum(dY * sum over channels of corr1d(X[c], K[c]))."""
    return (dY * F.conv1d(X[None], K[None])[0, 0]).sum()


def corr1d_grad(X, K, dY):
    """dK[c] = corr1d(X[c], dY); dX[c, i + a] += dY[i] K[c, a]."""
    w = K.shape[1]
    dK = torch.stack([corr1d(x, dY) for x in X])
    dX = torch.zeros_like(X)
    for i in range(dY.shape[0]):
        dX[:, i:i + w] += dY[i] * K
    return dX, dK


corr1d_multi_channel = derivation(
    corr1d_loss, corr1d_grad, wrt=("X", "K"),
    shapes={"X": ("C", 7), "K": ("C", 2), "dY": (6,)}, sizes={"C": 3})


# --- pooling with a stride of 1: windows overlap -------------------------------------------


def pool2d(X, pool_size, mode='max'):
    p_h, p_w = pool_size
    Y = torch.zeros((X.shape[0] - p_h + 1, X.shape[1] - p_w + 1), dtype=X.dtype)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            if mode == 'max':
                Y[i, j] = X[i: i + p_h, j: j + p_w].max()
            elif mode == 'avg':
                Y[i, j] = X[i: i + p_h, j: j + p_w].mean()
    return Y


def max_pool_loss(X, dY):
    """E = sum(dY * pool2d(X, (2, 2), 'max')), stride 1."""
    return (dY * F.max_pool2d(X[None, None], (2, 2), stride=1)[0, 0]).sum()


def max_pool_grad(X, dY, pool_size=(2, 2)):
    """Each window's dY goes to the window's largest element; windows overlap, so add."""
    p_h, p_w = pool_size
    dX = torch.zeros_like(X)
    for i in range(dY.shape[0]):
        for j in range(dY.shape[1]):
            window = X[i: i + p_h, j: j + p_w]
            r, c = divmod(int(window.argmax()), p_w)
            dX[i + r, j + c] += dY[i, j]
    return dX


max_pool_overlapping = derivation(max_pool_loss, max_pool_grad, wrt="X",
                                  shapes={"X": (4, 5), "dY": (3, 4)})


def avg_pool_loss(X, dY):
    """E = sum(dY * pool2d(X, (2, 3), 'avg')), stride 1."""
    return (dY * pool2d(X, (2, 3), 'avg')).sum()


def avg_pool_grad(X, dY, pool_size=(2, 3)):
    """Each window's dY is shared equally by its p_h p_w elements."""
    p_h, p_w = pool_size
    dX = torch.zeros_like(X)
    for i in range(dY.shape[0]):
        for j in range(dY.shape[1]):
            dX[i: i + p_h, j: j + p_w] += dY[i, j] / (p_h * p_w)
    return dX


avg_pool_overlapping = derivation(avg_pool_loss, avg_pool_grad, wrt="X",
                                  shapes={"X": (4, 5), "dY": (3, 3)})
