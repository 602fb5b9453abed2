"""ZacBi/CS224n-2019-solutions issue #5 (https://github.com/ZacBi/CS224n-2019-solutions/issues/5),
Assignments/a2/word2vec.py, negSamplingLossAndGradient: "gradOutsideVecs[negSampleWordIndices] += ...
could not double the gradient, it only add one time (the last one)", although a word sampled
twice must be counted twice; fix: np.add.at(gradOutsideVecs, negSampleWordIndices, ...).
Outside word 0; centerWordVec (3,), outsideVectors (4, 3), negSampleWordIndices (6,) ids in 0..3.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(centerWordVec, outsideVectors, negSampleWordIndices):
    neg = negSampleWordIndices.long()
    return (-F.logsigmoid(outsideVectors[0] @ centerWordVec)
            - F.logsigmoid(-(outsideVectors[neg] @ centerWordVec)).sum())


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def grad(centerWordVec, outsideVectors, negSampleWordIndices):
    outsideWordIdx = 0
    negSampleWordIndices = negSampleWordIndices.astype(int)
    gradOutsideVecs = np.zeros(outsideVectors.shape)
    gradCenterVec = np.zeros(centerWordVec.shape)
    z = sigmoid(np.dot(outsideVectors[outsideWordIdx], centerWordVec))
    gradOutsideVecs[outsideWordIdx] += centerWordVec * (z - 1.0)
    gradCenterVec += outsideVectors[outsideWordIdx] * (z - 1.0)
    u_k = outsideVectors[negSampleWordIndices]
    z = sigmoid(-np.dot(u_k, centerWordVec))
    gradCenterVec += np.dot((z-1), u_k)*(-1)
    gradOutsideVecs[negSampleWordIndices] += np.outer((z-1), centerWordVec)*(-1)  # <- wrong
    return gradCenterVec, gradOutsideVecs


def grad_fixed(centerWordVec, outsideVectors, negSampleWordIndices):
    outsideWordIdx = 0
    negSampleWordIndices = negSampleWordIndices.astype(int)
    gradOutsideVecs = np.zeros(outsideVectors.shape)
    gradCenterVec = np.zeros(centerWordVec.shape)
    z = sigmoid(np.dot(outsideVectors[outsideWordIdx], centerWordVec))
    gradOutsideVecs[outsideWordIdx] += centerWordVec * (z - 1.0)
    gradCenterVec += outsideVectors[outsideWordIdx] * (z - 1.0)
    u_k = outsideVectors[negSampleWordIndices]
    z = sigmoid(-np.dot(u_k, centerWordVec))
    gradCenterVec += np.dot((z-1), u_k)*(-1)
    np.add.at(gradOutsideVecs, negSampleWordIndices, np.outer((z-1), centerWordVec)*(-1))
    return gradCenterVec, gradOutsideVecs


SPEC = dict(wrt=("centerWordVec", "outsideVectors"),
            shapes={"centerWordVec": (3,), "outsideVectors": (4, 3), "negSampleWordIndices": (6,)},
            draws={"negSampleWordIndices": ("labels", 4)})
case = derivation(loss, grad, **SPEC, name="q_word2vec_19")
CAUSE = "missing-term"
FIX = "Fancy-index += writes each repeated row once; np.add.at accumulates one term per negative sample, duplicates included."
