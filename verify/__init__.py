"""Verify hand-derived gradients against torch.autograd on random inputs, and say why they differ.

    >>> from derivations import REGISTRY
    >>> from verify import verify
    >>> verify(REGISTRY["mlp_two_layer"], trials=100).verdict
    'verified'
"""

from verify.api import check, derivation
from verify.custom import function_derivation
from verify.engine import verify, verify_all
from verify.errors import DerivationError, GradientMismatch, UsageError
from verify.report import DerivationReport, Report, StepReport

__all__ = ["DerivationError", "DerivationReport", "GradientMismatch", "Report", "StepReport",
           "UsageError", "check", "derivation", "function_derivation", "verify", "verify_all"]
