"""Correct backward passes written the way people write them, to hold the verifier to.

One module per family, each imitating a style found in the wild: numpy layer classes that
cache state between forward and backward, assignment-style loss functions with loops over
the batch, a scalar autograd engine, custom ``torch.autograd.Function``s, torch closed forms
with in-place masks. Every module-level Derivation is correct: ``tests/test_corpus.py``
checks each in every floating dtype, and the verifier must say "verified" to all of them.
"""
