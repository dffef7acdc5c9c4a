"""SpkAtt-2023 Task 2 (German Wikinews) as a benchmark for our quote attribution.

Each data file holds one tokenised article. We rebuild a plain text from the
tokens (keeping every token's character span), run our pipeline on it, and turn
each :class:`~lagebild.model.Quote` into an annotation in the data's own format:
the tokens under the quote span are the MESSAGE, the tokens under the speaker
mention the SOURCE, the tokens under the speech cue the CUE. Only subtask 2 is
scored (SOURCE + MESSAGE of gold annotations with ``IsNested: false``); see
:mod:`lagebild.evaluate.spkatt_metric`.

The data is CC BY-NC-SA: it is read for evaluation only, nothing derived from it
is shipped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from lagebild import ids
from lagebild.evaluate.spkatt_metric import Attribution, SpkAttScores, score_attributions
from lagebild.extract.speech import is_opinion_noun
from lagebild.model import Document, Quote

Split = Literal["dev", "all"]
DocumentPipeline = Callable[[Document], Document]

#: Share of ``train/`` documents in our dev split.
DEV_SHARE = 0.1

_NO_SPACE_BEFORE = frozenset(".,;:!?)]}%“‘»…")
_NO_SPACE_AFTER = frozenset("([{„‚«")
_STRAIGHT_QUOTES = frozenset({'"', "'"})
_QUOTE_MARK_TOKENS = frozenset({'"', "'", "„", "“", "”", "‚", "‘", "’", "«", "»", "‹", "›"})
_DATE_IN_NAME = re.compile(r"\((\d{4}-\d{2}-\d{2})\)\s*$")


class BenchmarkDataError(ValueError):
    """A benchmark file or folder cannot be read; the message names it."""


@dataclass(frozen=True, slots=True)
class SpkAttDocument:
    name: str
    sentences: tuple[tuple[str, ...], ...]
    annotations: tuple[Attribution, ...]  # gold, IsNested false only
    raw: dict[str, Any]

    @property
    def published(self) -> dt.date | None:
        """Wikinews file names end in the publication date: "... (2005-08-05)".

        A few names carry "(0001-01-01)", a placeholder for a missing date; any year
        before 1900 is taken as no date.
        """
        found = _DATE_IN_NAME.search(self.name)
        day = dt.date.fromisoformat(found.group(1)) if found else None
        return day if day is not None and day.year >= 1900 else None


@dataclass(frozen=True, slots=True)
class RebuiltText:
    text: str
    spans: tuple[tuple[str, int, int], ...]  # (token ref, start, end), in text order

    def tokens_in(self, start: int, end: int) -> list[str]:
        """Refs of the tokens that overlap the character range [start, end)."""
        return [ref for ref, s, e in self.spans if s < end and e > start]


@dataclass(frozen=True, slots=True)
class BenchmarkResult:
    documents: int
    scores: SpkAttScores
    failed: tuple[str, ...] = ()  # documents the pipeline raised on, scored as no predictions


def load_spkatt_file(path: Path) -> SpkAttDocument:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        sentences = tuple(tuple(_tokens(s, i)) for i, s in enumerate(_list(raw, "Sentences")))
        annotations = tuple(
            Attribution(frozenset(_refs(a, "Message")), frozenset(_refs(a, "Source")))
            for a in _list(raw, "Annotations")
            if not a.get("IsNested", False)
        )
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BenchmarkDataError(f"{path}: cannot read: {exc}") from None
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BenchmarkDataError(f"{path}: not in the SpkAtt format: {exc}") from None
    return SpkAttDocument(str(raw.get("DocumentName") or path.stem), sentences, annotations, raw)


def select_files(folder: Path, split: Split) -> list[Path]:
    """The data files of ``folder`` in file-name order; ``dev`` keeps our 10 % split.

    The dev split takes the ``round(10 % · n)`` files whose names have the smallest
    SHA-256 digests: deterministic, independent of the file system's order, and
    unrelated to topic or date (the names start with an article number and title).
    """
    if not folder.is_dir():
        raise BenchmarkDataError(f"{folder}: no such folder")
    files = sorted(folder.glob("*.json"))
    if not files:
        raise BenchmarkDataError(f"{folder}: no data files (*.json) in folder")
    if split == "all":
        return files
    size = max(1, round(DEV_SHARE * len(files)))
    chosen = sorted(files, key=lambda f: hashlib.sha256(f.name.encode("utf-8")).hexdigest())
    return sorted(chosen[:size])


def rebuild_text(sentences: Sequence[Sequence[str]]) -> RebuiltText:
    """Readable text from tokens: no blank before closing punctuation or after opening marks.

    Straight quotation marks alternate between opening and closing.
    """
    parts: list[str] = []
    spans: list[tuple[str, int, int]] = []
    offset = 0
    glue_next = True  # no blank before the very first token
    straight_open = False
    for sentence_id, tokens in enumerate(sentences):
        for token_id, token in enumerate(tokens):
            closing = token in _NO_SPACE_BEFORE or (token in _STRAIGHT_QUOTES and straight_open)
            if not glue_next and not closing:
                parts.append(" ")
                offset += 1
            spans.append((f"{sentence_id}:{token_id}", offset, offset + len(token)))
            parts.append(token)
            offset += len(token)
            opening = token in _NO_SPACE_AFTER or (token in _STRAIGHT_QUOTES and not straight_open)
            if token in _STRAIGHT_QUOTES:
                straight_open = not straight_open
            glue_next = opening
    return RebuiltText("".join(parts), tuple(spans))


def predict(document: SpkAttDocument, pipeline: DocumentPipeline) -> list[dict[str, Any]]:
    """Our quotes for one document as annotations in the data's format."""
    rebuilt = rebuild_text(document.sentences)
    doc = pipeline(
        Document(
            id=ids.document_id(rebuilt.text),
            text=rebuilt.text,
            published=document.published,
            language="de",
            source=document.name,
        )
    )
    annotations: list[dict[str, Any]] = []
    order = {ref: i for i, (ref, _start, _end) in enumerate(rebuilt.spans)}
    previous: Quote | None = None
    for quote in doc.quotes:
        annotation = _annotation(quote, rebuilt, doc)
        if previous is not None and _same_words(previous, quote):
            # A joint statement is one message whose source names every speaker.
            joined = set(annotations[-1]["Source"]) | set(annotation["Source"])
            annotations[-1]["Source"] = sorted(joined, key=order.__getitem__)
            continue
        if previous is not None and _continues(previous, quote):
            # The data marks a statement reported over several sentences as one message.
            annotations[-1]["Message"] += annotation["Message"]
        else:
            annotations.append(annotation)
        previous = quote
    return annotations


def _same_words(previous: Quote, quote: Quote) -> bool:
    return (previous.evidence.start, previous.evidence.end) == (
        quote.evidence.start,
        quote.evidence.end,
    )


def _continues(previous: Quote, quote: Quote) -> bool:
    """An indirect quote that carries on the one before: same speaker and cue, no gap."""
    return (
        previous.kind == quote.kind == "indirect"
        and quote.speaker_span is not None
        and quote.speaker_span == previous.speaker_span
        and quote.cue_span == previous.cue_span
        and previous.evidence.end < quote.evidence.start
    )


def run_benchmark(
    folder: Path,
    pipeline: DocumentPipeline,
    split: Split = "dev",
    predictions_dir: Path | None = None,
    on_error: Callable[[str], None] | None = None,
) -> BenchmarkResult:
    """Score ``pipeline`` on the chosen files; optionally write its predictions.

    Every file is read and checked before the pipeline runs, so a bad file stops
    the run before any prediction is written. A document the pipeline raises on is
    reported through ``on_error`` and scored as if nothing had been predicted, so
    one extractor bug neither hides nor flatters the rest of the run.
    """
    documents = [load_spkatt_file(path) for path in select_files(folder, split)]
    total = SpkAttScores()
    outputs: list[tuple[SpkAttDocument, list[dict[str, Any]]]] = []
    failed: list[str] = []
    for document in documents:
        try:
            predicted = predict(document, pipeline)
        except Exception as exc:  # any stage bug: the run goes on and says so
            failed.append(document.name)
            if on_error is not None:
                on_error(f"{document.name}: pipeline failed: {type(exc).__name__}: {exc}")
            predicted = []
        outputs.append((document, predicted))
        total += score_attributions(document.annotations, _attributions(predicted))
    if predictions_dir is not None:
        write_predictions(predictions_dir, outputs)
    return BenchmarkResult(len(documents), total, tuple(failed))


def write_predictions(
    folder: Path, outputs: Iterable[tuple[SpkAttDocument, list[dict[str, Any]]]]
) -> None:
    """One file per document, named like the input, with our annotations in place of the gold."""
    folder.mkdir(parents=True, exist_ok=True)
    for document, predicted in outputs:
        record = {
            "DocumentName": document.name,
            "Sentences": document.raw["Sentences"],
            "Annotations": predicted,
        }
        target = folder / f"{document.name}.json"
        partial = target.with_suffix(".json.part")
        partial.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
        partial.replace(target)


def _annotation(quote: Quote, rebuilt: RebuiltText, doc: Document) -> dict[str, Any]:
    message = rebuilt.tokens_in(quote.evidence.start, quote.evidence.end)
    if quote.kind == "direct":
        message = _with_quotation_marks(message, rebuilt)
    speaker = (
        speaker_phrase(doc, quote.speaker_span, quote.cue, quote.cue_span)
        if quote.speaker_span
        else None
    )
    source = rebuilt.tokens_in(*speaker) if speaker else []
    cue = rebuilt.tokens_in(*quote.cue_span) if quote.cue_span else []
    # The data never counts the source or the cue to the message ("X verbreitet laut
    # Angaben des Y in …": the message skips "laut Angaben des Y").
    attribution = set(source) | set(cue)
    message = [ref for ref in message if ref not in attribution]
    return {
        "Message": message,
        "Source": source,
        "Cue": cue,
        "Frame": [],
        "Addr": [],
        "Form": "Direct" if quote.kind == "direct" else "Indirect",
        "STWR": "Speech",
        "HasNested": False,
        "IsNested": False,
    }


#: Tags that extend a speaker mention to its noun phrase (left: determiners, adjectives,
#: role nouns; right: further name parts).
_PHRASE_LEFT = frozenset({"ART", "ADJA", "NN", "NE", "PPOSAT", "CARD", "TRUNC", "PIAT"})
_PHRASE_RIGHT = frozenset({"NE", "FM"})
#: Tags that may head a noun phrase attached on the right ("des Kremls", "von Tesla").
_ATTACHED_HEAD = frozenset({"NE", "NN", "FM"})
_CONJUNCTIONS = frozenset({"und", "sowie", "oder"})
#: Tags inside an apposition or an attached noun phrase ("Präsident des Gerichts").
_APPOSITION = _PHRASE_LEFT | {"NNA", "FM", "KON", "XY"}
#: Words that attach a phrase to a speaker ("der Dekan von X", "der Investor für den Bau").
_ATTACHING = frozenset({"des", "der", "von", "vom", "für", "aus"})
#: Longest apposition or attached phrase taken into a source, in tokens.
_MAX_ATTACHED = 12
_FINITE = frozenset({"VVFIN", "VAFIN", "VMFIN"})


def speaker_phrase(
    doc: Document,
    span: tuple[int, int],
    cue: str | None = None,
    cue_span: tuple[int, int] | None = None,
) -> tuple[int, int]:
    """The noun phrase around a speaker mention, as SpkAtt marks a SOURCE.

    Our speaker span is the mention that names the speaker ("Rutte"); the data marks
    the whole phrase: determiners, modifiers and name parts ("der niederländische
    Nato-Generalsekretär Mark Rutte"), attached genitives and phrases ("ein Sprecher
    des Kremls", "Karl Berger von der Zeitung"), a short bracket ("(SPD)"),
    appositions on either side ("Anna Berger, Präsidentin des Gerichts,"), and the
    opinion noun of a marker ("nach Angaben der Polizei" -> "Angaben der Polizei").
    """
    indices = [i for i, t in enumerate(doc.tokens) if span[0] <= t.start and t.end <= span[1]]
    if not indices:
        return span
    tokens = doc.tokens
    sentence = doc.sentence_at(span[0])
    low = sentence.first_token if sentence else 0
    high = sentence.last_token if sentence else len(tokens)
    first, last = indices[0], indices[-1]
    first = _left_phrase(doc, first, low)
    while last + 1 < high and tokens[last + 1].pos in _PHRASE_RIGHT:
        last += 1
    last = _attached(doc, last, high)
    last = _coordinated(doc, last, high)
    first = _left_apposition(doc, first, low)
    last = _right_apposition(doc, last, high)
    if cue is not None and cue_span is not None and cue_span[0] < span[0] and is_opinion_noun(cue):
        # "nach Angaben der Polizei": the data counts the opinion noun to the source
        noun = next((t for t in tokens[low:first] if cue_span[0] <= t.start
                     and t.end <= cue_span[1] and t.text == cue), None)  # fmt: skip
        if noun is not None:
            return noun.start, tokens[last].end
    return tokens[first].start, tokens[last].end


def _left_phrase(doc: Document, first: int, low: int) -> int:
    """Extend over determiners and modifiers, a head the mention is attached to ("ein
    Sprecher von Tesla"), and a coordinated modifier ("arabische und iranische Medien")."""
    tokens = doc.tokens
    while True:
        while first - 1 >= low and tokens[first - 1].pos in _PHRASE_LEFT:
            first -= 1
        before = first - 1
        if (
            before - 1 >= low
            and tokens[before].text in ("von", "vom")
            and (tokens[before - 1].pos == "NN")
        ):
            first = before - 1
            continue
        if (
            before - 1 >= low
            and tokens[before].text in _CONJUNCTIONS
            and (tokens[before - 1].pos in ("ADJA", "NE", "NN") and tokens[first].pos != "ART")
        ):
            first = before - 1
            continue
        return first


def _coordinated(doc: Document, last: int, high: int) -> int:
    """ "die Außenminister Frankreichs, Italiens und Österreichs": the rest of the list."""
    tokens = doc.tokens
    j = last + 1
    while j + 1 < high and tokens[j].text == "," and tokens[j + 1].pos == "NE":
        j += 2
    if j + 1 < high and tokens[j].text in _CONJUNCTIONS and tokens[j + 1].pos in ("NE", "FM"):
        end = j + 1
        while end + 1 < high and tokens[end + 1].pos in _PHRASE_RIGHT:
            end += 1
        return end
    return last


def _attached(doc: Document, last: int, high: int) -> int:
    """Extend over attached genitives, "von"/"für" phrases and a short bracket."""
    tokens = doc.tokens
    while last + 1 < high:
        word = tokens[last + 1].text
        if word == "(":
            close = next((j for j in range(last + 2, min(high, last + 6))
                          if tokens[j].text == ")"), None)  # fmt: skip
            if close is None:
                break
            last = close
            continue
        if word not in _ATTACHING:
            break
        j = last + 2
        while j < high and tokens[j].pos in ("ART", "ADJA", "PPOSAT", "CARD"):
            j += 1
        if j >= high or tokens[j].pos not in _ATTACHED_HEAD:
            break
        while j + 1 < high and tokens[j + 1].pos in _PHRASE_RIGHT:
            j += 1
        last = j
    return last


def _right_apposition(doc: Document, last: int, high: int) -> int:
    """ "Anna Berger, Präsidentin des Gerichts, sagte": the apposition up to its comma."""
    tokens = doc.tokens
    if last + 2 >= high or tokens[last + 1].text != ",":
        return last
    j = last + 2
    if tokens[j].pos not in _APPOSITION:
        return last
    while (
        j < high
        and j - last <= _MAX_ATTACHED
        and (tokens[j].pos in _APPOSITION or tokens[j].text in _ATTACHING or tokens[j].text in "()")
    ):
        j += 1
    apposition = tokens[last + 2 : j]
    closes = j < high and tokens[j].text == "," and j + 1 < high
    if closes and tokens[j + 1].pos in _FINITE and any(t.pos in ("NN", "NE") for t in apposition):
        return j - 1
    if all(t.pos in ("NE", "FM") for t in apposition) and (
        j >= high or tokens[j].pos.startswith("$") or tokens[j].pos in _FINITE
    ):
        return j - 1  # "dem Chefankläger des Gerichts, Anna Berger": the name itself
    return last


def _left_apposition(doc: Document, first: int, low: int) -> int:
    """ "Der Bürgermeister der Stadt, Anna Berger": a noun phrase before the name's comma,
    when it opens the clause (sentence start or right after the finite verb)."""
    tokens = doc.tokens
    if first - 2 < low or tokens[first - 1].text != ",":
        return first
    j = first - 2
    while (
        j > low
        and j >= first - _MAX_ATTACHED
        and (tokens[j - 1].pos in _APPOSITION or tokens[j - 1].text in _ATTACHING)
    ):
        j -= 1
    opens = j == low or tokens[j - 1].pos in _FINITE
    if (
        opens
        and tokens[j].pos in ("ART", "PPOSAT", "NN", "ADJA")
        and any(t.pos == "NN" for t in tokens[j : first - 1])
    ):
        return j
    return first


def _with_quotation_marks(message: list[str], rebuilt: RebuiltText) -> list[str]:
    """Add the marks around a direct quote: the data counts them to the MESSAGE, we do not."""
    if not message:
        return message
    order = {ref: i for i, (ref, _, _) in enumerate(rebuilt.spans)}
    first, last = order[message[0]], order[message[-1]]
    text = rebuilt.text
    before = [
        ref
        for ref, s, e in rebuilt.spans[max(0, first - 1) : first]
        if text[s:e] in _QUOTE_MARK_TOKENS
    ]
    after = [
        ref for ref, s, e in rebuilt.spans[last + 1 : last + 2] if text[s:e] in _QUOTE_MARK_TOKENS
    ]
    return before + message + after


def _attributions(annotations: Iterable[dict[str, Any]]) -> list[Attribution]:
    return [Attribution(frozenset(a["Message"]), frozenset(a["Source"])) for a in annotations]


def _list(record: dict[str, Any], key: str) -> list[Any]:
    value = record[key]
    if not isinstance(value, list):
        raise TypeError(f"{key!r} is not a list")
    return value


def _tokens(sentence: dict[str, Any], index: int) -> list[str]:
    if sentence.get("SentenceId", index) != index:
        raise ValueError(f"sentence {index} has SentenceId {sentence.get('SentenceId')}")
    tokens = sentence["Tokens"]
    if not isinstance(tokens, list) or not all(isinstance(t, str) for t in tokens):
        raise TypeError(f"Tokens of sentence {index} are not a list of strings")
    return tokens


def _refs(annotation: dict[str, Any], role: str) -> list[str]:
    refs = annotation.get(role) or []
    if not all(isinstance(r, str) and re.fullmatch(r"\d+:\d+", r) for r in refs):
        raise ValueError(f"{role} holds a token reference not in the form sentence:token")
    return refs
