"""Backward of the Dice coefficient of a U-Net (milesial/Pytorch-UNet, dice_loss.py, DiceCoeff.backward).

Source: https://github.com/milesial/Pytorch-UNet/issues/35 ("error about backward in dice_loss.py"):
"error: grad_input = grad_output * 2 * (target * self.union + self.inter)/ self.union * self.union;
correct: grad_input = grad_output * 2 * (target * self.union - self.inter)/ ..."; the maintainer:
"Oops ! ... (u/v)' = (u' * v - u * v')/(v^2) indeed ! ... Fixed it in 649124b". The dice is
t = 2 inter / union with inter = input . target and union = sum(input) + sum(target) + eps. The fixing
commit also put the denominator in parentheses, (self.union * self.union), which both versions keep
here; the eps that the forward also adds to the numerator (and whose derivative the fix leaves out)
is dropped, so the fixed formula is exact. Torch tensors, as in the autograd Function.
Loss: sum(grad_output * dice(input, target)); input, target (16,), grad_output (1,).
"""

import torch

from verify import derivation

EPS = 0.0001


def loss(input, target, grad_output):
    inter = torch.dot(input.view(-1), target.view(-1))
    union = torch.sum(input) + torch.sum(target) + EPS
    return (grad_output * (2 * inter / union)).sum()


def grad(input, target, grad_output):
    inter = torch.dot(input.view(-1), target.view(-1))
    union = torch.sum(input) + torch.sum(target) + EPS
    grad_input = grad_output * 2 * (target * union + inter) / (union * union)  # <- wrong
    return grad_input


def grad_fixed(input, target, grad_output):
    inter = torch.dot(input.view(-1), target.view(-1))
    union = torch.sum(input) + torch.sum(target) + EPS
    grad_input = grad_output * 2 * (target * union - inter) / (union * union)
    return grad_input


SPEC = dict(wrt="input", shapes={"input": (16,), "target": (16,), "grad_output": (1,)},
            draws={"input": "uniform", "target": "uniform"})
case = derivation(loss, grad, **SPEC, name="y_dice_01")
CAUSE = "sign"
FIX = "Subtract the intersection in the quotient rule: 2 (target * union - inter) / union^2."
