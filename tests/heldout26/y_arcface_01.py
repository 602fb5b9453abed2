"""Backward of the additive angular margin layer cos(theta + m) in arcface-caffe (cosin_add_m_layer.cu, CosinAddmBackward).

Source: https://github.com/xialuxi/arcface-caffe/issues/19 ("CosinAddmBackward"): "I found a bug for
calculated the diff in CosinAddmBackward function, it need multiply bottom_diff[index * dim + gt] ...
bottom_diff[index * dim + gt] = bottom_diff[index * dim + gt] * (cos(bais) + sin(bais) * cos_theta /
sin_theta);"; the author: "Thank you for reminding me. It was my fault". The forward replaces the
ground-truth cosine x of each row by cos(acos(x) + m) when x > threshold = cos(pi - m), and by
x - m sin(m) otherwise (flag = 1); bottom_diff starts as a copy of top_diff. The CUDA kernel is
translated to numpy with a loop over the rows, one thread per row as in the kernel.
Loss: sum(top_diff * top); x (4, 6) cosines in (-0.95, 0.95), label (4,) classes, m = 0.5.
"""

import math

import torch

from verify import derivation

M = 0.5
THRESHOLD = math.cos(math.pi - M)


def loss(x, label, top_diff):
    gt = torch.nn.functional.one_hot(label.long(), x.shape[1]).bool()
    xc = x.clamp(-0.999999, 0.999999)
    margin = torch.where(x > THRESHOLD, torch.cos(torch.acos(xc) + M), x - M * math.sin(M))
    top = torch.where(gt, margin, x)
    return (top_diff * top).sum()


def grad(x, label, top_diff):
    num, dim = x.shape
    bottom_diff = top_diff.copy()
    for index in range(num):
        gt = int(label[index])
        if x[index, gt] > THRESHOLD:
            cos_theta = x[index, gt]
            sin_theta = math.sqrt(1 - cos_theta ** 2)
            bottom_diff[index, gt] = math.cos(M) + math.sin(M) * cos_theta / sin_theta  # <- wrong
    return bottom_diff


def grad_fixed(x, label, top_diff):
    num, dim = x.shape
    bottom_diff = top_diff.copy()
    for index in range(num):
        gt = int(label[index])
        if x[index, gt] > THRESHOLD:
            cos_theta = x[index, gt]
            sin_theta = math.sqrt(1 - cos_theta ** 2)
            bottom_diff[index, gt] = bottom_diff[index, gt] * (math.cos(M) + math.sin(M) * cos_theta / sin_theta)
    return bottom_diff


SPEC = dict(wrt="x", shapes={"x": (4, 6), "label": (4,), "top_diff": (4, 6)},
            draws={"x": ("uniform", -0.95, 0.95), "label": ("labels", 6)})
case = derivation(loss, grad, **SPEC, name="y_arcface_01")
CAUSE = "wrong-coefficient"
FIX = "Multiply the local derivative cos(m) + sin(m) cos(theta) / sin(theta) by the incoming gradient bottom_diff[gt] (a copy of top_diff)."
