"""Part-of-speech features for the NER model, from HanTa.

HanTa's model was estimated on a large tagged German corpus, so its tags carry
knowledge that 24,000 NER training sentences lack: whether a capitalised word is
more likely a proper noun (NE) or a common noun (NN) in this sentence, and whether
the word looks like one to HanTa's guesser when its lexicon does not know it. Each
token gets a one-hot vector of its tag in context (in the tag order the model was
trained with) and three values out of context: HanTa can give the word no tag at all
(rare, because HanTa guesses tags for unknown words from their endings), and the
shares of NE and NN among its tags.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from lagebild.nlp.tagger import HanTaTagger

#: The values after the one-hot tag, in this order.
WORD_VALUES = ("unknown", "NE", "NN")

Floats = npt.NDArray[np.float32]


class PosFeatures:
    def __init__(self, tags: Sequence[str], tagger: HanTaTagger | None = None) -> None:
        """``tags``: the one-hot order (the model's); ``tagger``: by default the pipeline's."""
        self.tags = list(tags)
        self._index = {tag: i for i, tag in enumerate(self.tags)}
        self._tagger = tagger

    @property
    def dim(self) -> int:
        return len(self.tags) + len(WORD_VALUES)

    @property
    def tagger(self) -> HanTaTagger:
        if self._tagger is None:
            from lagebild.nlp.analyzer import default_analyzer

            # the pipeline's tagger, whose caches already hold the document's words
            self._tagger = default_analyzer().tagger
        return self._tagger

    def vectors(self, words: Sequence[str], tags: Sequence[str] | None = None) -> Floats:
        """One row per word of a sentence; ``tags``: the words' tags if already known
        (the pipeline tags every sentence before NER), else HanTa tags them here."""
        if tags is None:
            tags = self.tagger.tag_words(words)
        out = np.zeros((len(words), self.dim), dtype=np.float32)
        for row, (word, tag) in enumerate(zip(words, tags, strict=True)):
            column = self._index.get(tag)
            if column is not None:
                out[row, column] = 1.0
            shares = self.tagger.tag_shares(word, row > 0)
            if shares is None:
                out[row, -3] = 1.0
            else:
                out[row, -2] = shares.get("NE", 0.0)
                out[row, -1] = shares.get("NN", 0.0)
        return out
