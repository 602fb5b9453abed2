"""Input gradient of a pointwise (1x1) convolution in pulp-trainlib (PointWise input_grads primitive, FP32 and FP16).

Source: https://github.com/pulp-platform/pulp-trainlib/issues/3 ("Verify PW input grad primitive in both
FP32 and FP16", closed by the maintainer): "the weight matrix that is multiplied by the output gradients
is not transposed, but its sizes are chosen in the matrix multiplication as if it was transposed. The
weight matrix should have size C_out x C_in, but here it features a size of C_in x C_out. So, I think the
weight matrix should be transposed before being multipled." In CHW layout the forward is
out = W @ in with W (C_out, C_in); the C matmul read the C_out x C_in buffer as a C_in x C_out matrix,
which in numpy is a reshape, not a transpose.
Loss: sum(dout * (W @ in)); in (C_in, HW) = (3, 8), W (4, 3), dout (4, 8).
"""


from verify import derivation


def loss(inp, W, dout):
    return (dout * (W @ inp)).sum()


def grad(inp, W, dout):
    C_out, C_in = W.shape
    in_grad = W.reshape(C_in, C_out) @ dout  # <- wrong
    return in_grad


def grad_fixed(inp, W, dout):
    C_out, C_in = W.shape
    in_grad = W.T @ dout
    return in_grad


SPEC = dict(wrt="inp", shapes={"inp": (3, 8), "W": (4, 3), "dout": (4, 8)})
case = derivation(loss, grad, **SPEC, name="y_pointwise_01")
CAUSE = "transpose"
FIX = "Transpose the C_out x C_in weight matrix, in_grad = W^T @ dout, instead of reading its buffer as a C_in x C_out matrix."
