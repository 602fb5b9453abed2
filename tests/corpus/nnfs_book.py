"""Layers, activations and losses in the style of the "neural networks from scratch" book.

Numpy classes with the book's names (``Layer_Dense``, ``Activation_ReLU``,
``Loss_CategoricalCrossentropy``, ...): ``forward(inputs)`` keeps what backward needs on
``self`` and sets ``self.output``; ``backward(dvalues)`` sets ``self.dinputs`` (and
``self.dweights`` / ``self.dbiases`` for a dense layer). Habits kept on purpose: weights
drawn by ``0.01 * np.random.randn`` in ``__init__`` and then replaced by
``set_parameters``; biases of shape (1, n) summed with ``keepdims=True``;
``dvalues.copy()`` followed by a mask; the softmax's Jacobian built one sample at a time
with ``np.diagflat``; losses that clip predictions to [1e-7, 1 - 1e-7] in forward (and, for
the binary cross-entropy, in backward too); the backward of every loss dividing by the
number of samples itself (and by the number of outputs for the regression losses);
sparse integer labels turned one-hot with ``np.eye(labels)[y_true]``; one-hot targets
turned back into labels with ``np.argmax``; L1 and L2 penalties added to ``dweights`` and
``dbiases``; a dropout whose binary mask (0/1, scaled by 1 / keep rate) is an input.
Each derivation's loss is the same forward written in torch, without the clipping: the
clip only guards the log, and the book's backward is the derivative of the unclipped loss
(the draws keep every probability that a loss clips inside [0.02, 0.98]).
"""

# ruff: noqa: N801, B905  (the book's class names, and its zip of outputs with dvalues)

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation

# --- layers --------------------------------------------------------------------------------


class Layer_Dense:
    def __init__(self, n_inputs, n_neurons,
                 weight_regularizer_l1=0, weight_regularizer_l2=0,
                 bias_regularizer_l1=0, bias_regularizer_l2=0):
        self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))
        self.weight_regularizer_l1 = weight_regularizer_l1
        self.weight_regularizer_l2 = weight_regularizer_l2
        self.bias_regularizer_l1 = bias_regularizer_l1
        self.bias_regularizer_l2 = bias_regularizer_l2

    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.dot(inputs, self.weights) + self.biases

    def backward(self, dvalues):
        # gradients on parameters
        self.dweights = np.dot(self.inputs.T, dvalues)
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)

        # gradients on regularization
        # L1 on weights
        if self.weight_regularizer_l1 > 0:
            dL1 = np.ones_like(self.weights)
            dL1[self.weights < 0] = -1
            self.dweights += self.weight_regularizer_l1 * dL1
        # L2 on weights
        if self.weight_regularizer_l2 > 0:
            self.dweights += 2 * self.weight_regularizer_l2 * self.weights
        # L1 on biases
        if self.bias_regularizer_l1 > 0:
            dL1 = np.ones_like(self.biases)
            dL1[self.biases < 0] = -1
            self.dbiases += self.bias_regularizer_l1 * dL1
        # L2 on biases
        if self.bias_regularizer_l2 > 0:
            self.dbiases += 2 * self.bias_regularizer_l2 * self.biases

        # gradient on values
        self.dinputs = np.dot(dvalues, self.weights.T)

    def get_parameters(self):
        return self.weights, self.biases

    def set_parameters(self, weights, biases):
        self.weights = weights
        self.biases = biases


class Layer_Dropout:
    def __init__(self, rate):
        # store the keep rate: for a dropout of 0.1 we keep 0.9 of the neurons
        self.rate = 1 - rate

    def forward(self, inputs, binary_mask):
        self.inputs = inputs
        # the book draws np.random.binomial(1, self.rate, size=inputs.shape) here; the mask
        # is given, so that the loss sees the same one
        self.binary_mask = binary_mask / self.rate
        self.output = inputs * self.binary_mask

    def backward(self, dvalues):
        self.dinputs = dvalues * self.binary_mask


# --- activations ---------------------------------------------------------------------------


class Activation_ReLU:
    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.maximum(0, inputs)

    def backward(self, dvalues):
        # since we need to modify the original variable, make a copy first
        self.dinputs = dvalues.copy()
        # zero gradient where input values were negative
        self.dinputs[self.inputs <= 0] = 0


class Activation_Softmax:
    def forward(self, inputs):
        self.inputs = inputs
        exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))
        probabilities = exp_values / np.sum(exp_values, axis=1, keepdims=True)
        self.output = probabilities

    def backward(self, dvalues):
        self.dinputs = np.empty_like(dvalues)
        for index, (single_output, single_dvalues) in enumerate(zip(self.output, dvalues)):
            # flatten output array
            single_output = single_output.reshape(-1, 1)
            # jacobian matrix of the output
            jacobian_matrix = np.diagflat(single_output) - np.dot(single_output, single_output.T)
            # sample-wise gradient, added to the array of sample gradients
            self.dinputs[index] = np.dot(jacobian_matrix, single_dvalues)


class Activation_Sigmoid:
    def forward(self, inputs):
        self.inputs = inputs
        self.output = 1 / (1 + np.exp(-inputs))

    def backward(self, dvalues):
        # derivative: calculates from the output of the sigmoid function
        self.dinputs = dvalues * (1 - self.output) * self.output


class Activation_Linear:
    def forward(self, inputs):
        self.inputs = inputs
        self.output = inputs

    def backward(self, dvalues):
        # derivative is 1, 1 * dvalues = dvalues (the chain rule)
        self.dinputs = dvalues.copy()


# --- losses --------------------------------------------------------------------------------


class Loss:
    def regularization_loss(self, layer):
        regularization_loss = 0
        if layer.weight_regularizer_l1 > 0:
            regularization_loss += layer.weight_regularizer_l1 * np.sum(np.abs(layer.weights))
        if layer.weight_regularizer_l2 > 0:
            regularization_loss += layer.weight_regularizer_l2 * np.sum(layer.weights *
                                                                        layer.weights)
        if layer.bias_regularizer_l1 > 0:
            regularization_loss += layer.bias_regularizer_l1 * np.sum(np.abs(layer.biases))
        if layer.bias_regularizer_l2 > 0:
            regularization_loss += layer.bias_regularizer_l2 * np.sum(layer.biases * layer.biases)
        return regularization_loss

    def calculate(self, output, y):
        sample_losses = self.forward(output, y)
        data_loss = np.mean(sample_losses)
        return data_loss


class Loss_CategoricalCrossentropy(Loss):
    def forward(self, y_pred, y_true):
        samples = len(y_pred)
        # clip data to prevent division by 0, at both sides so as not to drag the mean
        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        # probabilities for target values: only if categorical labels
        if len(y_true.shape) == 1:
            correct_confidences = y_pred_clipped[range(samples), y_true]
        # mask values: only for one-hot encoded labels
        elif len(y_true.shape) == 2:
            correct_confidences = np.sum(y_pred_clipped * y_true, axis=1)
        negative_log_likelihoods = -np.log(correct_confidences)
        return negative_log_likelihoods

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        # number of labels in every sample; we'll use the first sample to count them
        labels = len(dvalues[0])
        # if labels are sparse, turn them into a one-hot vector
        if len(y_true.shape) == 1:
            y_true = np.eye(labels)[y_true]
        # calculate gradient
        self.dinputs = -y_true / dvalues
        # normalize gradient
        self.dinputs = self.dinputs / samples


class Activation_Softmax_Loss_CategoricalCrossentropy:
    """Softmax classifier: the softmax and the cross-entropy together, for a faster backward."""

    def __init__(self):
        self.activation = Activation_Softmax()
        self.loss = Loss_CategoricalCrossentropy()

    def forward(self, inputs, y_true):
        self.activation.forward(inputs)
        self.output = self.activation.output
        return self.loss.calculate(self.output, y_true)

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        # if labels are one-hot encoded, turn them into discrete values
        if len(y_true.shape) == 2:
            y_true = np.argmax(y_true, axis=1)
        # copy so we can safely modify
        self.dinputs = dvalues.copy()
        # calculate gradient
        self.dinputs[range(samples), y_true] -= 1
        # normalize gradient
        self.dinputs = self.dinputs / samples


class Loss_BinaryCrossentropy(Loss):
    def forward(self, y_pred, y_true):
        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        sample_losses = -(y_true * np.log(y_pred_clipped) +
                          (1 - y_true) * np.log(1 - y_pred_clipped))
        sample_losses = np.mean(sample_losses, axis=-1)
        return sample_losses

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        # number of outputs in every sample
        outputs = len(dvalues[0])
        # clip data to prevent division by 0
        clipped_dvalues = np.clip(dvalues, 1e-7, 1 - 1e-7)
        # calculate gradient
        self.dinputs = -(y_true / clipped_dvalues -
                         (1 - y_true) / (1 - clipped_dvalues)) / outputs
        # normalize gradient
        self.dinputs = self.dinputs / samples


class Loss_MeanSquaredError(Loss):
    def forward(self, y_pred, y_true):
        sample_losses = np.mean((y_true - y_pred) ** 2, axis=-1)
        return sample_losses

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        outputs = len(dvalues[0])
        self.dinputs = -2 * (y_true - dvalues) / outputs
        self.dinputs = self.dinputs / samples


class Loss_MeanAbsoluteError(Loss):
    def forward(self, y_pred, y_true):
        sample_losses = np.mean(np.abs(y_true - y_pred), axis=-1)
        return sample_losses

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        outputs = len(dvalues[0])
        # d|y - yhat| / dyhat = -sign(y - yhat)
        self.dinputs = -np.sign(y_true - dvalues) / outputs
        self.dinputs = self.dinputs / samples


def dense_with(weights, biases, **regularizers):
    """A Layer_Dense of the weights' shape, holding these parameters."""
    layer = Layer_Dense(weights.shape[0], weights.shape[1], **regularizers)
    layer.set_parameters(weights, biases)
    return layer


# --- a dense layer alone, upstream gradient given ------------------------------------------


def dense_loss(inputs, weights, biases, dvalues):
    """E = sum(dvalues * (inputs @ weights + biases))."""
    return (dvalues * (inputs @ weights + biases)).sum()


def dense_grad(inputs, weights, biases, dvalues):
    """dinputs = dvalues W^T, dweights = inputs^T dvalues, dbiases = sum over samples."""
    dense1 = dense_with(weights, biases)
    dense1.forward(inputs)
    dense1.backward(dvalues)
    return dense1.dinputs, dense1.dweights, dense1.dbiases


dense_layer = derivation(
    dense_loss, dense_grad, wrt=("inputs", "weights", "biases"),
    shapes={"inputs": ("N", "I"), "weights": ("I", "J"), "biases": (1, "J"),
            "dvalues": ("N", "J")},
    sizes={"N": 6, "I": 3, "J": 4})


# --- ReLU: a copy of dvalues with a mask ---------------------------------------------------


def relu_loss(inputs, dvalues):
    """E = sum(dvalues * max(0, inputs))."""
    return (dvalues * torch.relu(inputs)).sum()


def relu_grad(inputs, dvalues):
    """dinputs = dvalues where inputs > 0, else 0."""
    activation1 = Activation_ReLU()
    activation1.forward(inputs)
    activation1.backward(dvalues)
    return activation1.dinputs


relu_activation = derivation(relu_loss, relu_grad, wrt="inputs",
                             shapes={"inputs": (5, 7), "dvalues": (5, 7)})


# --- softmax: the Jacobian of each sample with np.diagflat --------------------------------


def softmax_loss(inputs, dvalues):
    """E = sum(dvalues * softmax(inputs)), softmax over each row."""
    return (dvalues * torch.softmax(inputs, dim=1)).sum()


def softmax_grad(inputs, dvalues):
    """dinputs_i = (diag(s_i) - s_i s_i^T) dvalues_i for each sample i."""
    activation = Activation_Softmax()
    activation.forward(inputs)
    activation.backward(dvalues)
    return activation.dinputs


softmax_jacobian = derivation(softmax_loss, softmax_grad, wrt="inputs",
                              shapes={"inputs": ("N", "C"), "dvalues": ("N", "C")},
                              sizes={"N": 5, "C": 4})


# --- categorical cross-entropy on probabilities: sparse labels, one-hot targets ------------


def cce_sparse_loss(y_pred, y_true):
    """L = mean_i -log(y_pred[i, y_true[i]]), y_true integer labels."""
    return -torch.log(y_pred[torch.arange(y_pred.shape[0]), y_true]).mean()


def cce_sparse_grad(y_pred, y_true):
    """dinputs = -onehot(y_true) / y_pred / samples."""
    loss_function = Loss_CategoricalCrossentropy()
    loss_function.calculate(y_pred, y_true)
    loss_function.backward(y_pred, y_true)
    return loss_function.dinputs


cce_sparse_labels = derivation(
    cce_sparse_loss, cce_sparse_grad, wrt="y_pred",
    shapes={"y_pred": ("N", "C"), "y_true": ("N",)},
    draws={"y_pred": ("uniform", 0.05, 0.95), "y_true": ("labels", "C")},
    sizes={"N": 8, "C": 3})


def cce_onehot_loss(y_pred, y_true):
    """L = mean_i -log(sum_c y_pred[i, c] y_true[i, c]), y_true one-hot rows."""
    return -torch.log((y_pred * y_true).sum(dim=1)).mean()


def cce_onehot_grad(y_pred, y_true):
    """dinputs = -y_true / y_pred / samples."""
    loss_function = Loss_CategoricalCrossentropy()
    loss_function.calculate(y_pred, y_true)
    loss_function.backward(y_pred, y_true)
    return loss_function.dinputs


cce_one_hot = derivation(
    cce_onehot_loss, cce_onehot_grad, wrt="y_pred",
    shapes={"y_pred": ("N", "C"), "y_true": ("N", "C")},
    draws={"y_pred": ("uniform", 0.05, 0.95), "y_true": "onehot"},
    sizes={"N": 8, "C": 3})


# --- dense, softmax, cross-entropy: the slow path through the Jacobian ---------------------


def softmax_then_cce_loss(inputs, weights, biases, y):
    """L = cross_entropy(inputs @ weights + biases, y)."""
    return F.cross_entropy(inputs @ weights + biases, y)


def softmax_then_cce_grad(inputs, weights, biases, y):
    """Backward through the loss, then the softmax's Jacobian, then the dense layer."""
    dense1 = dense_with(weights, biases)
    activation1 = Activation_Softmax()
    loss_function = Loss_CategoricalCrossentropy()

    dense1.forward(inputs)
    activation1.forward(dense1.output)
    loss_function.calculate(activation1.output, y)

    loss_function.backward(activation1.output, y)
    activation1.backward(loss_function.dinputs)
    dense1.backward(activation1.dinputs)
    return dense1.dweights, dense1.dbiases


softmax_then_cce = derivation(
    softmax_then_cce_loss, softmax_then_cce_grad, wrt=("weights", "biases"),
    shapes={"inputs": ("N", "I"), "weights": ("I", "C"), "biases": (1, "C"), "y": ("N",)},
    draws={"y": ("labels", "C")}, sizes={"N": 10, "I": 2, "C": 3})


# --- the combined softmax and cross-entropy: subtract 1 at the label ----------------------


def combined_loss(logits, y_true):
    """L = cross_entropy(logits, y_true): softmax, then the negative log at the label."""
    return F.cross_entropy(logits, y_true)


def combined_grad(logits, y_true):
    """dinputs = (softmax(logits) - onehot(y_true)) / samples."""
    loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()
    loss_activation.forward(logits, y_true)
    loss_activation.backward(loss_activation.output, y_true)
    return loss_activation.dinputs


softmax_cce_combined = derivation(
    combined_loss, combined_grad, wrt="logits",
    shapes={"logits": ("N", "C"), "y_true": ("N",)},
    draws={"y_true": ("labels", "C")}, sizes={"N": 12, "C": 3})


def combined_onehot_loss(logits, y_true):
    """L = mean_i -sum_c y_true[i, c] log softmax(logits)[i, c], y_true one-hot rows."""
    return -(y_true * torch.log_softmax(logits, dim=1)).sum(dim=1).mean()


def combined_onehot_grad(logits, y_true):
    """The one-hot targets become labels by argmax, then the same as above."""
    loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()
    loss_activation.forward(logits, y_true)
    loss_activation.backward(loss_activation.output, y_true)
    return loss_activation.dinputs


softmax_cce_combined_one_hot = derivation(
    combined_onehot_loss, combined_onehot_grad, wrt="logits",
    shapes={"logits": ("N", "C"), "y_true": ("N", "C")},
    draws={"y_true": "onehot"}, sizes={"N": 12, "C": 4})


# --- the sigmoid alone, upstream gradient given --------------------------------------------


def sigmoid_loss(inputs, dvalues):
    """E = sum(dvalues * sigmoid(inputs))."""
    return (dvalues * torch.sigmoid(inputs)).sum()


def sigmoid_grad(inputs, dvalues):
    """dinputs = dvalues (1 - s) s, from the sigmoid's output s."""
    activation1 = Activation_Sigmoid()
    activation1.forward(inputs)
    activation1.backward(dvalues)
    return activation1.dinputs


sigmoid_activation = derivation(sigmoid_loss, sigmoid_grad, wrt="inputs",
                                shapes={"inputs": (6, 3), "dvalues": (6, 3)})


# --- binary cross-entropy on the sigmoid's outputs, 0/1 targets ----------------------------


def bce_loss(y_pred, y_true):
    """L = mean over samples of mean over outputs of -(y log p + (1 - y) log(1 - p))."""
    y = y_true.to(y_pred.dtype)
    sample_losses = -(y * torch.log(y_pred) + (1 - y) * torch.log(1 - y_pred)).mean(dim=-1)
    return sample_losses.mean()


def bce_grad(y_pred, y_true):
    """dinputs = -(y / p - (1 - y) / (1 - p)) / outputs / samples, p clipped to [1e-7, 1 - 1e-7]."""
    loss_function = Loss_BinaryCrossentropy()
    loss_function.calculate(y_pred, y_true)
    loss_function.backward(y_pred, y_true)
    return loss_function.dinputs


binary_crossentropy = derivation(
    bce_loss, bce_grad, wrt="y_pred",
    shapes={"y_pred": ("N", "K"), "y_true": ("N", "K")},
    draws={"y_pred": ("uniform", 0.02, 0.98), "y_true": ("labels", 2)},
    sizes={"N": 8, "K": 3})


# --- regression: dense, ReLU, dense, linear, mean squared error ----------------------------


def regression_loss(X, W1, b1, W2, b2, y):
    """L = mean over samples of mean over outputs of (y - yhat)^2."""
    y_pred = torch.relu(X @ W1 + b1) @ W2 + b2
    return ((y - y_pred) ** 2).mean(dim=-1).mean()


def regression_grad(X, W1, b1, W2, b2, y):
    """MSE backward -2 (y - yhat) / outputs / samples, through linear, dense, ReLU, dense."""
    dense1 = dense_with(W1, b1)
    activation1 = Activation_ReLU()
    dense2 = dense_with(W2, b2)
    activation2 = Activation_Linear()
    loss_function = Loss_MeanSquaredError()

    dense1.forward(X)
    activation1.forward(dense1.output)
    dense2.forward(activation1.output)
    activation2.forward(dense2.output)
    loss_function.calculate(activation2.output, y)

    loss_function.backward(activation2.output, y)
    activation2.backward(loss_function.dinputs)
    dense2.backward(activation2.dinputs)
    activation1.backward(dense2.dinputs)
    dense1.backward(activation1.dinputs)
    return dense1.dweights, dense1.dbiases, dense2.dweights, dense2.dbiases


regression_mse = derivation(
    regression_loss, regression_grad, wrt=("W1", "b1", "W2", "b2"),
    shapes={"X": ("N", 1), "W1": (1, "H"), "b1": (1, "H"), "W2": ("H", "K"), "b2": (1, "K"),
            "y": ("N", "K")},
    sizes={"N": 16, "H": 8, "K": 2})


# --- regression with the mean absolute error -----------------------------------------------


def mae_loss(X, weights, biases, y):
    """L = mean over samples of mean over outputs of |y - (X @ weights + biases)|."""
    return (y - (X @ weights + biases)).abs().mean(dim=-1).mean()


def mae_grad(X, weights, biases, y):
    """MAE backward sign(yhat - y) / outputs / samples, then linear and dense."""
    dense1 = dense_with(weights, biases)
    activation1 = Activation_Linear()
    loss_function = Loss_MeanAbsoluteError()

    dense1.forward(X)
    activation1.forward(dense1.output)
    loss_function.calculate(activation1.output, y)

    loss_function.backward(activation1.output, y)
    activation1.backward(loss_function.dinputs)
    dense1.backward(activation1.dinputs)
    return dense1.dweights, dense1.dbiases


regression_mae = derivation(
    mae_loss, mae_grad, wrt=("weights", "biases"),
    shapes={"X": ("N", "I"), "weights": ("I", "K"), "biases": (1, "K"), "y": ("N", "K")},
    sizes={"N": 10, "I": 3, "K": 3})


# --- a classifier with L1 and L2 penalties on both layers ----------------------------------

WEIGHT_L1, WEIGHT_L2 = 5e-4, 5e-4
BIAS_L1, BIAS_L2 = 1e-3, 5e-4


def regularized_loss(X, W1, b1, W2, b2, y):
    """L = cross_entropy + sum over layers of l1 sum|W| + l2 sum W^2 (and the same for b)."""
    logits = torch.relu(X @ W1 + b1) @ W2 + b2
    data_loss = F.cross_entropy(logits, y)
    reg = 0
    for W, b in ((W1, b1), (W2, b2)):
        reg = reg + WEIGHT_L1 * W.abs().sum() + WEIGHT_L2 * (W * W).sum()
        reg = reg + BIAS_L1 * b.abs().sum() + BIAS_L2 * (b * b).sum()
    return data_loss + reg


def regularized_grad(X, W1, b1, W2, b2, y):
    """The softmax classifier's backward; each dense layer adds its penalties' gradients."""
    penalties = dict(weight_regularizer_l1=WEIGHT_L1, weight_regularizer_l2=WEIGHT_L2,
                     bias_regularizer_l1=BIAS_L1, bias_regularizer_l2=BIAS_L2)
    dense1 = dense_with(W1, b1, **penalties)
    activation1 = Activation_ReLU()
    dense2 = dense_with(W2, b2, **penalties)
    loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()

    dense1.forward(X)
    activation1.forward(dense1.output)
    dense2.forward(activation1.output)
    data_loss = loss_activation.forward(dense2.output, y)
    regularization_loss = (loss_activation.loss.regularization_loss(dense1) +
                           loss_activation.loss.regularization_loss(dense2))
    loss = data_loss + regularization_loss  # noqa: F841 (printed in the book's training loop)

    loss_activation.backward(loss_activation.output, y)
    dense2.backward(loss_activation.dinputs)
    activation1.backward(dense2.dinputs)
    dense1.backward(activation1.dinputs)
    return dense1.dweights, dense1.dbiases, dense2.dweights, dense2.dbiases


regularized_classifier = derivation(
    regularized_loss, regularized_grad, wrt=("W1", "b1", "W2", "b2"),
    shapes={"X": ("N", 2), "W1": (2, "H"), "b1": (1, "H"), "W2": ("H", "C"), "b2": (1, "C"),
            "y": ("N",)},
    draws={"y": ("labels", "C")}, sizes={"N": 12, "H": 6, "C": 3})


# --- a classifier with dropout after the hidden layer --------------------------------------

DROPOUT = 0.1


def dropout_loss(X, W1, b1, W2, b2, mask, y):
    """L = cross_entropy(dropout(relu(X W1 + b1)) W2 + b2, y), the dropout mask given."""
    hidden = torch.relu(X @ W1 + b1) * mask / (1 - DROPOUT)
    return F.cross_entropy(hidden @ W2 + b2, y)


def dropout_grad(X, W1, b1, W2, b2, mask, y):
    """The dropout's backward multiplies dvalues by the scaled mask."""
    dense1 = dense_with(W1, b1)
    activation1 = Activation_ReLU()
    dropout1 = Layer_Dropout(DROPOUT)
    dense2 = dense_with(W2, b2)
    loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()

    dense1.forward(X)
    activation1.forward(dense1.output)
    dropout1.forward(activation1.output, mask)
    dense2.forward(dropout1.output)
    loss_activation.forward(dense2.output, y)

    loss_activation.backward(loss_activation.output, y)
    dense2.backward(loss_activation.dinputs)
    dropout1.backward(dense2.dinputs)
    activation1.backward(dropout1.dinputs)
    dense1.backward(activation1.dinputs)
    return dense1.dweights, dense1.dbiases, dense2.dweights, dense2.dbiases


dropout_classifier = derivation(
    dropout_loss, dropout_grad, wrt=("W1", "b1", "W2", "b2"),
    shapes={"X": ("N", 2), "W1": (2, "H"), "b1": (1, "H"), "W2": ("H", "C"), "b2": (1, "C"),
            "mask": ("N", "H"), "y": ("N",)},
    draws={"mask": ("labels", 2), "y": ("labels", "C")}, sizes={"N": 10, "H": 8, "C": 3})
