"""One LSTM cell step, torch: a = x Wx + h_prev Wh + b split into the gates i, f, o, g;
c = f c_prev + i g, h = o tanh(c), L = sum(G * h) with G the upstream gradient of h;
x (3, 4), h_prev and c_prev (3, 5), Wx (4, 20), Wh (5, 20), b (20,): N = 3, D = 4, H = 5.
"""

import torch

from verify import derivation


def loss(x, h_prev, c_prev, Wx, Wh, b, G):
    H = h_prev.shape[1]
    a = x @ Wx + h_prev @ Wh + b
    ai, af, ao, ag = a.split(H, dim=1)
    c = torch.sigmoid(af) * c_prev + torch.sigmoid(ai) * torch.tanh(ag)
    h = torch.sigmoid(ao) * torch.tanh(c)
    return (G * h).sum()


def grad(x, h_prev, c_prev, Wx, Wh, b, G):
    H = h_prev.shape[1]
    a = x @ Wx + h_prev @ Wh + b
    i = torch.sigmoid(a[:, :H])
    f = torch.sigmoid(a[:, H:2 * H])
    o = torch.sigmoid(a[:, 2 * H:3 * H])
    g = torch.tanh(a[:, 3 * H:])
    c = f * c_prev + i * g
    tc = torch.tanh(c)
    # backward through h = o * tanh(c)
    do = G * tc
    dc = G * o * (1 - tc ** 2)
    di = dc * g
    df = dc * c_prev
    dg = dc * i
    # back through the gate nonlinearities
    dai = di * i * (1 - i)
    daf = df * f * (1 - f)
    dao = do  # <- wrong
    dag = dg * (1 - g ** 2)
    da = torch.cat([dai, daf, dao, dag], dim=1)
    dWx = x.T @ da
    dWh = h_prev.T @ da
    db = da.sum(0)
    return dWx, dWh, db


def grad_fixed(x, h_prev, c_prev, Wx, Wh, b, G):
    H = h_prev.shape[1]
    a = x @ Wx + h_prev @ Wh + b
    i = torch.sigmoid(a[:, :H])
    f = torch.sigmoid(a[:, H:2 * H])
    o = torch.sigmoid(a[:, 2 * H:3 * H])
    g = torch.tanh(a[:, 3 * H:])
    c = f * c_prev + i * g
    tc = torch.tanh(c)
    # backward through h = o * tanh(c)
    do = G * tc
    dc = G * o * (1 - tc ** 2)
    di = dc * g
    df = dc * c_prev
    dg = dc * i
    # back through the gate nonlinearities
    dai = di * i * (1 - i)
    daf = df * f * (1 - f)
    dao = do * o * (1 - o)
    dag = dg * (1 - g ** 2)
    da = torch.cat([dai, daf, dao, dag], dim=1)
    dWx = x.T @ da
    dWh = h_prev.T @ da
    db = da.sum(0)
    return dWx, dWh, db


SPEC = dict(wrt=("Wx", "Wh", "b"),
            shapes={"x": (3, 4), "h_prev": (3, 5), "c_prev": (3, 5), "Wx": (4, 20),
                    "Wh": (5, 20), "b": (20,), "G": (3, 5)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_lstm_01")
CAUSE = "activation-derivative-missing"
FIX = "The output gate is a sigmoid, so its pre-activation gradient is dao = do * o * (1 - o)."
