"""The PyTorch side of the BiLSTM-CRF: the network, its CRF loss, and the export to numpy.

Only ``lagebild train ner`` imports this module (PyTorch is in the ``train`` extra);
:mod:`lagebild.nlp.ner` runs the exported weights.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from lagebild.nlp.ner import FLAG_COUNT, LABELS, UNKNOWN, EncodedSentence, Vocabulary
from lagebild.nlp.pos_features import PosFeatures
from lagebild.nlp.word_lexicon import FEATURES as LEXICON_FEATURES


class BilstmCrf(nn.Module):
    def __init__(
        self, vocabulary: Vocabulary, settings: Any, piece_axes: np.ndarray | None = None
    ) -> None:
        """``piece_axes`` (512 x piece_dim): the inputs carry full 512-dim piece vectors and
        a trained linear layer, starting at these axes, reduces them (instead of PCA)."""
        super().__init__()
        self.piece_projection: nn.Linear | None = None
        if piece_axes is not None:
            rows, columns = piece_axes.shape
            self.piece_projection = nn.Linear(rows, columns, bias=False)
            with torch.no_grad():
                self.piece_projection.weight.copy_(torch.from_numpy(piece_axes.T.copy()))
        self.word_embedding = nn.Embedding(len(vocabulary.words) + 2, settings.word_dim, 0)
        self.char_embedding = nn.Embedding(len(vocabulary.chars) + 2, settings.char_dim, 0)
        self.char_conv = nn.Conv1d(settings.char_dim, settings.char_filters, 3, padding=1)
        size = settings.word_dim + settings.piece_dim + settings.char_filters + FLAG_COUNT
        size += getattr(settings, "context_dim", 0)
        size += len(LEXICON_FEATURES) if getattr(settings, "lexicon", False) else 0
        size += PosFeatures(vocabulary.pos_tags).dim if vocabulary.pos_tags else 0
        #: share of known words replaced by "unknown" in training, so the model learns to
        #: read names it has never seen from their spelling and pieces
        self.word_dropout = getattr(settings, "word_dropout", 0.0)
        self.dropout = nn.Dropout(settings.dropout)
        self.lstm = nn.LSTM(size, settings.hidden, batch_first=True, bidirectional=True)
        self.output = nn.Linear(2 * settings.hidden, len(LABELS))
        self.transitions = nn.Parameter(torch.zeros(len(LABELS), len(LABELS)))
        self.start = nn.Parameter(torch.zeros(len(LABELS)))
        self.end = nn.Parameter(torch.zeros(len(LABELS)))

    def emissions(self, batch: Sequence[EncodedSentence]) -> tuple[torch.Tensor, torch.Tensor]:
        lengths = torch.tensor([len(e.words) for e in batch])
        longest = int(lengths.max())

        def padded(parts: list[np.ndarray], dtype: torch.dtype) -> torch.Tensor:
            shape = (len(parts), longest, *parts[0].shape[1:])
            out = torch.zeros(shape, dtype=dtype)
            for i, part in enumerate(parts):
                out[i, : len(part)] = torch.from_numpy(part)
            return out

        words = padded([e.words for e in batch], torch.long)
        if self.training and self.word_dropout:
            dropped = torch.rand(words.shape) < self.word_dropout
            words = torch.where(dropped & (words > UNKNOWN), UNKNOWN, words)
        chars = padded([e.chars for e in batch], torch.long)
        pieces = padded([e.pieces for e in batch], torch.float32)
        if self.piece_projection is not None:
            pieces = self.piece_projection(pieces)
        flags = padded([e.flags for e in batch], torch.float32)
        b, t, c = chars.shape
        embedded = self.char_embedding(chars).view(b * t, c, -1).transpose(1, 2)
        conv = self.char_conv(embedded).transpose(1, 2)  # (b*t, c, filters)
        conv = conv.masked_fill((chars.view(b * t, c) == 0)[..., None], -1e4)
        char_vectors = torch.relu(conv.max(dim=1).values).view(b, t, -1)
        parts = [self.word_embedding(words), pieces, char_vectors]
        if batch[0].lexicon is not None:
            parts.append(padded([e.lexicon for e in batch], torch.float32))  # type: ignore[misc]
        parts.append(flags)
        if batch[0].pos is not None:
            parts.append(padded([e.pos for e in batch], torch.float32))  # type: ignore[misc]
        if batch[0].context is not None:
            parts.append(padded([e.context for e in batch], torch.float32))  # type: ignore[misc]
        features = torch.cat(parts, dim=2)
        packed = pack_padded_sequence(
            self.dropout(features), lengths, batch_first=True, enforce_sorted=False
        )
        states, _ = pad_packed_sequence(self.lstm(packed)[0], batch_first=True)
        return self.output(self.dropout(states)), lengths

    def loss(self, batch: Sequence[EncodedSentence], targets: Sequence[list[int]]) -> torch.Tensor:
        scores, lengths = self.emissions(batch)
        mask = torch.arange(scores.shape[1])[None, :] < lengths[:, None]
        gold = torch.zeros(mask.shape, dtype=torch.long)
        for i, target in enumerate(targets):
            gold[i, : len(target)] = torch.tensor(target)
        return (self._partition(scores, mask) - self._path_score(scores, gold, mask)).mean()

    def _path_score(
        self, scores: torch.Tensor, gold: torch.Tensor, mask: torch.Tensor
    ) -> torch.Tensor:
        emitted = scores.gather(2, gold[..., None]).squeeze(2) * mask
        moves = self.transitions[gold[:, :-1], gold[:, 1:]] * mask[:, 1:]
        last = gold.gather(1, (mask.sum(1) - 1)[:, None]).squeeze(1)
        return self.start[gold[:, 0]] + emitted.sum(1) + moves.sum(1) + self.end[last]

    def _partition(self, scores: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        alpha = self.start + scores[:, 0]
        for t in range(1, scores.shape[1]):
            step = torch.logsumexp(alpha[:, :, None] + self.transitions, dim=1) + scores[:, t]
            alpha = torch.where(mask[:, t, None], step, alpha)
        return torch.logsumexp(alpha + self.end, dim=1)

    @torch.no_grad()
    def decode(self, encoded: Sequence[EncodedSentence], batch: int = 256) -> list[list[str]]:
        self.eval()
        result: list[list[str]] = []
        transitions = self.transitions.numpy()
        start, end = self.start.numpy(), self.end.numpy()
        for first in range(0, len(encoded), batch):
            part = encoded[first : first + batch]
            scores, lengths = self.emissions(part)
            for row, n in zip(scores.numpy(), lengths.tolist(), strict=True):
                result.append([LABELS[i] for i in viterbi(row[:n], transitions, start, end)])
        return result


def viterbi(
    emissions: np.ndarray, transitions: np.ndarray, start: np.ndarray, end: np.ndarray
) -> list[int]:
    score = start + emissions[0]
    back = []
    for row in emissions[1:]:
        total = score[:, None] + transitions
        back.append(total.argmax(axis=0))
        score = total.max(axis=0) + row
    best = int((score + end).argmax())
    path = [best]
    for pointers in reversed(back):
        best = int(pointers[best])
        path.append(best)
    return path[::-1]


def projected_piece_table(model: BilstmCrf, full_table: np.ndarray) -> np.ndarray:
    """The piece table the runtime reads for a model with a trained piece projection.

    The mean of a word's projected piece vectors is the projection of their mean, so
    the numpy runtime needs no change.
    """
    assert model.piece_projection is not None
    weight = model.piece_projection.weight.detach().numpy()
    projected: np.ndarray = (full_table @ weight.T).astype(np.float16)
    return projected


def export_weights(
    model: BilstmCrf,
    vocabulary: Vocabulary,
    path: Path,
    settings: str,
    extra: dict[str, np.ndarray] | None = None,
) -> None:
    """The weights under the names :class:`lagebild.nlp.ner.BilstmNerTagger` reads
    (``extra``: arrays fitted outside the network, e.g. the context reduction)."""
    state = {k: v.detach().numpy() for k, v in model.state_dict().items()}
    arrays = {
        "word_embedding": state["word_embedding.weight"],
        "char_embedding": state["char_embedding.weight"],
        "char_conv_weight": state["char_conv.weight"],
        "char_conv_bias": state["char_conv.bias"],
        "output_weight": state["output.weight"],
        "output_bias": state["output.bias"],
        "transitions": state["transitions"],
        "start": state["start"],
        "end": state["end"],
        **(extra or {}),
    }
    torch_names = {"w_ih": "weight_ih", "w_hh": "weight_hh", "b_ih": "bias_ih", "b_hh": "bias_hh"}
    for direction, suffix in (("forward", ""), ("backward", "_reverse")):
        for name, torch_name in torch_names.items():
            arrays[f"lstm_{name}_{direction}"] = state[f"lstm.{torch_name}_l0{suffix}"]
    # The word table is the largest array; half precision keeps the package small.
    packed = {k: v.astype(np.float16) if v.ndim == 2 and v.size > 100_000 else v
              for k, v in arrays.items()}  # fmt: skip
    vocab = {"words": vocabulary.words, "chars": vocabulary.chars}
    if vocabulary.pos_tags:
        vocab["pos_tags"] = vocabulary.pos_tags
    np.savez_compressed(path, vocabulary=np.array(json.dumps(vocab)), settings=np.array(settings),
                        **packed)  # fmt: skip
