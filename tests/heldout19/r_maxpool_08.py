"""Max-pooling backward of riccardoandreoni0/CNN-from-scratch (utils.py, MaxPoolingLayer.back_prop).

Source: https://github.com/riccardoandreoni0/CNN-from-scratch/issues/1 ("MaxPoolingLayer back_prop
return incorrectly indented"): the `return dE_dk` sat inside the loop over patches, so back_prop
returned after the first pooling window and every other window's gradient stayed 0; the author
confirmed and merged the fix (return after the loop).
image (4, 4, 2) (H, W, C), kernel 2, dE_dY (2, 2, 2); L = sum(dE_dY * maxpool(image)).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(image, dE_dY):
    pooled = F.max_pool2d(image.permute(2, 0, 1).unsqueeze(0), 2).squeeze(0).permute(1, 2, 0)
    return (dE_dY * pooled).sum()


class MaxPoolingLayer:
    def __init__(self, kernel_size):
        self.kernel_size = kernel_size

    def patches_generator(self, image):
        output_h = image.shape[0] // self.kernel_size
        output_w = image.shape[1] // self.kernel_size
        self.image = image
        for h in range(output_h):
            for w in range(output_w):
                patch = image[(h*self.kernel_size):(h*self.kernel_size+self.kernel_size), (w*self.kernel_size):(w*self.kernel_size+self.kernel_size)]
                yield patch, h, w

    def back_prop(self, dE_dY):
        dE_dk = np.zeros(self.image.shape)
        for patch, h, w in self.patches_generator(self.image):
            image_h, image_w, num_kernels = patch.shape
            max_val = np.amax(patch, axis=(0, 1))
            for idx_h in range(image_h):
                for idx_w in range(image_w):
                    for idx_k in range(num_kernels):
                        if patch[idx_h, idx_w, idx_k] == max_val[idx_k]:
                            dE_dk[h*self.kernel_size+idx_h, w*self.kernel_size+idx_w, idx_k] = dE_dY[h, w, idx_k]
            return dE_dk  # <- wrong


class MaxPoolingLayerFixed(MaxPoolingLayer):
    def back_prop(self, dE_dY):
        dE_dk = np.zeros(self.image.shape)
        for patch, h, w in self.patches_generator(self.image):
            image_h, image_w, num_kernels = patch.shape
            max_val = np.amax(patch, axis=(0, 1))
            for idx_h in range(image_h):
                for idx_w in range(image_w):
                    for idx_k in range(num_kernels):
                        if patch[idx_h, idx_w, idx_k] == max_val[idx_k]:
                            dE_dk[h*self.kernel_size+idx_h, w*self.kernel_size+idx_w, idx_k] = dE_dY[h, w, idx_k]
        return dE_dk


def grad(image, dE_dY):
    layer = MaxPoolingLayer(2)
    layer.image = np.asarray(image)
    return layer.back_prop(np.asarray(dE_dY))


def grad_fixed(image, dE_dY):
    layer = MaxPoolingLayerFixed(2)
    layer.image = np.asarray(image)
    return layer.back_prop(np.asarray(dE_dY))


SPEC = dict(wrt="image", shapes={"image": (4, 4, 2), "dE_dY": (2, 2, 2)})
case = derivation(loss, grad, **SPEC, name="r_maxpool_08")
CAUSE = "mask"
FIX = "Return dE_dk after the loop over all pooling windows, so that every window routes its gradient to its maximum."
