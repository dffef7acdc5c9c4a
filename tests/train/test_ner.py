"""Training the NER model: the numpy runtime computes what the PyTorch network computes.

PyTorch is only in the ``train`` extra; without it these tests are skipped.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pytest

from lagebild.evaluate.germeval import LabelledSentence
from lagebild.nlp.ner import (
    LABELS,
    MODEL_FILE,
    PIECES_FILE,
    BilstmNerTagger,
    NerModelError,
    encode_sentence,
)
from lagebild.nlp.subwords import PieceEmbeddings
from lagebild.nlp.word_lexicon import LEXICON_FILE, WordLexicon
from lagebild.train.ner import (
    BilstmSettings,
    build_vocabulary,
    context_features,
    fit_context_reduction,
    pos_features,
    train_from_options,
)

torch = pytest.importorskip("torch", reason="PyTorch is in the train extra, not installed")

LONG = ("Ein", "sehr", "langer", "Satz", "ohne", "Namen", "folgt", "hier", ".")
SENTENCES = [
    LabelledSentence(
        ("Anna", "Berger", "besuchte", "Paris", "."), ("B-PER", "I-PER", "O", "B-LOC", "O")
    ),
    LabelledSentence(("Die", "Nato", "tagte", "."), ("O", "B-ORG", "O", "O")),
    LabelledSentence(LONG, ("O",) * len(LONG)),
]


@pytest.mark.parametrize(
    ("context_dim", "with_lexicon", "projection", "with_pos"),
    [
        (0, False, False, False),
        (6, False, False, False),
        (0, True, False, False),
        (0, False, True, False),
        (0, False, False, True),
        (6, True, True, True),
    ],
)
def test_numpy_inference_equals_the_torch_network(
    tmp_path: Path, context_dim: int, with_lexicon: bool, projection: bool, with_pos: bool
) -> None:
    from lagebild.train.ner_torch import BilstmCrf, export_weights, projected_piece_table

    settings = BilstmSettings(hidden=8, min_word_count=1, min_char_count=1,
                              context_dim=context_dim, lexicon=with_lexicon,
                              pos_features=with_pos)  # fmt: skip
    lexicon = None
    if with_lexicon:
        lexicon = WordLexicon.from_words({"anna": [0.5, 0.4, 0, 1, 0, 0, 0],
                                          "paris": [0.6, 0.6, 0, 0, 0, 1, 0]})  # fmt: skip
        lexicon.save(tmp_path / LEXICON_FILE)
    vocabulary = build_vocabulary(SENTENCES, settings)
    rng = np.random.default_rng(0)
    # with a projection the network reads wider piece vectors (512 in the shipped wheel)
    width = 32 if projection else settings.piece_dim
    pieces = rng.normal(size=(128_010, width)).astype(np.float16)
    axes = rng.normal(size=(width, settings.piece_dim)) if projection else None
    torch.manual_seed(0)
    model = BilstmCrf(vocabulary, settings, axes)
    for parameter in model.parameters():
        torch.nn.init.normal_(parameter, std=0.5)
    shipped = projected_piece_table(model, pieces.astype(np.float32)) if projection else pieces
    np.save(tmp_path / PIECES_FILE, shipped)
    reduction = fit_context_reduction(SENTENCES, context_dim) if context_dim else {}
    export_weights(
        model, vocabulary, tmp_path / MODEL_FILE, json.dumps(asdict(settings)), reduction
    )
    embeddings = PieceEmbeddings(pieces)
    contexts = context_features(SENTENCES, reduction)
    pos = pos_features(SENTENCES, vocabulary)
    assert (pos[0] is not None) == with_pos
    encoded = [encode_sentence(s.tokens, vocabulary, embeddings, c, lexicon, p)
               for s, c, p in zip(SENTENCES, contexts, pos, strict=True)]  # fmt: skip

    tagger = BilstmNerTagger.from_directory(tmp_path)
    assert (tagger.lexicon is not None) == with_lexicon
    assert tagger.tag_many([s.tokens for s in SENTENCES]) == model.decode(encoded)
    loss = model.loss(encoded, [[LABELS.index(x) for x in s.labels] for s in SENTENCES])
    assert float(loss.detach()) > 0
    if with_lexicon:  # the model needs its table
        (tmp_path / LEXICON_FILE).unlink()
        with pytest.raises(NerModelError, match="word lexicon"):
            BilstmNerTagger.from_directory(tmp_path)


def test_training_options_name_missing_files(tmp_path: Path) -> None:
    with pytest.raises(OSError, match=r"missing\.tsv"):
        train_from_options(tmp_path / "missing.tsv", None, tmp_path, epochs=1)


def test_the_running_mean_of_the_weights_competes_for_selection(tmp_path: Path) -> None:
    lines = []
    for number in range(1010):
        place = ("Kiel", "Lima", "Oslo")[number % 3]
        lines += ["1\tAnna\tB-PER", "2\treiste\tO", "3\tnach\tO", f"4\t{place}\tB-LOC", ""]
    train = tmp_path / "train.tsv"
    train.write_text("\n".join(lines), encoding="utf-8")
    logged: list[str] = []
    report = train_from_options(train, None, tmp_path / "model", log=logged.append, epochs=2,
                                threads=1, lexicon=False, average_from=1)  # fmt: skip
    averaged = [m for m in logged if "mean of epochs 1-" in m]
    assert len(averaged) == 2
    scores = [float(m.rsplit("F1 ", 1)[1].split(",")[0]) for m in logged if "F1 " in m]
    assert report.validation_f1 == pytest.approx(max(scores), abs=1e-4)
    assert BilstmNerTagger.from_directory(tmp_path / "model").tag(["Anna", "reiste"])
