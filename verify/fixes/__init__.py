"""Why a gradient is wrong, proven: its first wrong line, edited, makes every trial pass.

    >>> fix = prove(derivation, location, failing_trials, focus="dW1", confirm=rerun)
    >>> print(fix)                                             # doctest: +SKIP
    a transposed operand: dh = dy @ W2.T instead of dh = dy @ W2 (W2 -> W2.T); with that
    edit, 1000 of 1000 trials pass

The line ``verify.locate`` found is edited one way at a time, each edit standing for one
typical mistake (the cause it proves):

=============================== =============================================================
transpose                       an operand transposed (``W -> W.T``), a product's operands
                                swapped, or the whole value transposed
reduction-axis                  a sum or mean over another axis, over one more, or (for a
                                whole-array sum) over one axis, kept for broadcasting; a
                                value summed over the axes it has too many (``db = dout``)
wrong-divisor                   the wrong size: another axis's (``x.shape[1] -> x.shape[0]``),
                                another the code holds (``D -> N``) or a constant's (``K``),
                                or a variance's other divisor (``ddof=1 -> ddof=0``); a
                                mean's size missing where it is no batch's (a row's mean)
mask                            a comparison flipped (``<`` for ``>=``), a bound added, a
                                margin compared without the label's sign (``s -> y * s``), a
                                leaky slope where the mask had zero, or a masked value
                                written at another index (``dx[i:i + k]`` for ``dx[r:r + k]``)
activation-derivative-of-input  the activation's derivative written with its output (``z ->
                                sigmoid(z)`` where it appears as ``z (1 - z)`` or ``1 - z**2``)
                                or written in full (``1 - h -> 1 - h**2``)
wrong-layer, wrong-operand      an operand replaced by another value the code holds: of
                                another layer (``a[l + 1] -> a[l]``, two outputs of one kind
                                of activation, two gradients) or another operand; or by
                                its square root or square (the variance for the deviation),
                                or by its product with a gate the code holds (``h -> r * h``);
                                two arguments of the user's function swapped
activation-derivative-missing   the line's value times the activation's derivative
batch-mean, mse-convention      the value divided or multiplied by a size (a value already
                                divided by a size: wrong-divisor), a term's division
                                by a size dropped, or the value times 2 / the number of
                                elements (mse_loss's convention)
square-factor, wrong-coefficient a constant scaled (``2 -> 1``, ``LAM -> 2 * LAM``), or a
                                term times a constant the line uses (an exponent's ``GAMMA``);
                                a log-softmax's backward written for a one-hot (``p + dy``)
missing-term                    a term added that is a multiple of a value the code holds, or
                                of a product of two, or the gradient arriving by another path
                                (``+ dc_next``); a write through an index that repeats, made
                                to add every term (``np.add.at``)
sign                            the value negated, ``+=`` for ``-=``
return-order                    two returned values swapped
=============================== =============================================================

An edit counts only when the whole gradient, re-run with it, passes on the failing trials
(with nothing that passed before failing) and then in a full check of its own (``confirm``,
the same trials, and other sizes). The first edit that does is the cause; when none does,
nothing is named. The user's code is edited by compiling its function again with the one
statement changed and swapping the function's code object for the run.

One module per family of edits: ``axes`` (sizes and reduction axes), ``transposes``,
``masks`` (comparisons and indices), ``derivatives`` (activation derivatives), ``operands``
(another value the code holds) and ``scales`` (constants, terms, signs, the order of the
results). ``site`` is the located line as they see it, ``pool`` the values the code holds
there, and ``proof`` tries the families' edits in turn.
"""

from verify.fixes.derivatives import right_helper
from verify.fixes.proof import SIZED_CAUSES, Fix, prove
from verify.fixes.site import CAUSES

__all__ = ["CAUSES", "SIZED_CAUSES", "Fix", "prove", "right_helper"]
