"""Backward of k2's get_tot_scores, the total (log-semiring) score of each FSA (k2/python/k2/autograd.py).

Source: https://github.com/k2-fsa/k2/issues/341 ("Backward of get_tot_scores ignores gradient"):
"the backward of get_tot_scores needs to multiply by the gradient at the output. In our training, this
is causing us to get the sign of the update wrong!!! ... where backward() does: return None, None, None,
arc_scores.exp() we'll do something like this: return None, None, None, arc_scores.exp() *
tot_scores_deriv[arc_to_fsa_idx]"; "Will fix it." The FSAs here have single-arc paths from the start
to the final state, so each FSA's total score is the logsumexp of its arc scores and an arc's
posterior is exp(score - tot_score). The torch.autograd.Function's tensor code in torch.
Loss: sum_f tot_scores_deriv_f tot_score_f; scores (7,), arcs of FSAs [0, 0, 0, 1, 1, 2, 2], tot_scores_deriv (3,).
"""

import numpy as np
import torch

from verify import derivation

ARC_TO_FSA = np.array([0, 0, 0, 1, 1, 2, 2])


def tot_scores_of(scores, arc_to_fsa_idx):
    idx = torch.as_tensor(arc_to_fsa_idx).long()
    return torch.stack([torch.logsumexp(scores[idx == f], dim=0) for f in range(int(idx.max()) + 1)])


def loss(scores, arc_to_fsa_idx, tot_scores_deriv):
    return (tot_scores_deriv * tot_scores_of(scores, arc_to_fsa_idx)).sum()


def grad(scores, arc_to_fsa_idx, tot_scores_deriv):
    idx = torch.as_tensor(arc_to_fsa_idx).long()
    tot_scores = tot_scores_of(scores, arc_to_fsa_idx)
    arc_scores = scores - tot_scores[idx]
    scores_grad = arc_scores.exp()  # <- wrong
    return scores_grad


def grad_fixed(scores, arc_to_fsa_idx, tot_scores_deriv):
    idx = torch.as_tensor(arc_to_fsa_idx).long()
    tot_scores = tot_scores_of(scores, arc_to_fsa_idx)
    arc_scores = scores - tot_scores[idx]
    scores_grad = arc_scores.exp() * tot_scores_deriv[idx]
    return scores_grad


SPEC = dict(wrt="scores", shapes={"scores": (7,), "arc_to_fsa_idx": (7,), "tot_scores_deriv": (3,)},
            draws={"arc_to_fsa_idx": ARC_TO_FSA})
case = derivation(loss, grad, **SPEC, name="y_totscores_01")
CAUSE = "wrong-coefficient"
FIX = "Multiply each arc's posterior by the gradient of its FSA's total score, tot_scores_deriv[arc_to_fsa_idx]."
