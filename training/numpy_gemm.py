"""Loaded by ``spacy train --code training/numpy_gemm.py`` (see the Makefile's ``model`` target).

thinc multiplies with its bundled BLIS by default, which falls back to its generic
reference kernel on processors it does not recognise (3-4x slower than numpy's BLAS
here). Making numpy-backed ops current before the pipeline is built speeds training up
without changing the model; ``kroniek.nlp.fastpaths`` does the same at inference.
"""
from thinc.api import NumpyOps, set_current_ops

set_current_ops(NumpyOps(use_blis=False))
