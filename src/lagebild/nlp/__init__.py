"""Tokens, sentences, part-of-speech tags and lemmas.

Everything downstream sees only :class:`Analyzer`; the SoMaJo + HanTa
implementation can be replaced by a trained model without touching extractors.
"""

from lagebild.nlp.analyzer import Analyzer, default_analyzer

__all__ = ["Analyzer", "default_analyzer"]
