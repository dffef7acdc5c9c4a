"""The ``nlp`` stage: tokens, tags, lemmas and sentences."""

from __future__ import annotations

from lagebild.model import Document
from lagebild.nlp.analyzer import Analyzer, default_analyzer
from lagebild.pipeline import Resources


class NlpStage:
    name = "nlp"
    assigns = ("tokens", "sentences")
    requires: tuple[str, ...] = ()

    def __init__(self, resources: Resources | None = None, analyzer: Analyzer | None = None):
        self.analyzer = analyzer or default_analyzer()

    def __call__(self, doc: Document) -> Document:
        doc.tokens, doc.sentences = self.analyzer.analyze(doc.text)
        return doc
