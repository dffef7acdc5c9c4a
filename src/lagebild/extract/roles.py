"""Role phrases: "der russische Präsident", "Nato-Chef Mark Rutte", "des Generalsekretärs".

A role phrase names an office; what it refers to depends on the office's
organisation or state (from a compound, an adjective or a genitive) and on the
date: "der Nato-Generalsekretär" is Stoltenberg in 2021 and Rutte in 2025.
"""

from __future__ import annotations

from dataclasses import dataclass

from lagebild.extract.gazetteer import NameHit
from lagebild.kb import KnowledgeBase
from lagebild.model import Token

#: Words that make a role phrase refer to a former holder.
FORMER = frozenset({"frühere", "früheren", "ehemalige", "ehemaligen", "einstige", "einstigen",
                    "damalige", "damaligen", "Ex", "ex"})  # fmt: skip
#: Adjectives that may stand between article and role noun without changing the referent.
NEUTRAL_MODIFIERS = frozenset({"neue", "neuen", "amtierende", "amtierenden", "scheidende",
                               "scheidenden", "künftige", "künftigen", "designierte",
                               "designierten"})  # fmt: skip
DEFINITE_SINGULAR = frozenset({"der", "des", "dem", "Der", "Des", "Dem"})
INDEFINITE = frozenset({"ein", "eine", "einer", "eines", "einem", "einen",
                        "Ein", "Eine", "Einer", "Eines", "Einem", "Einen"})  # fmt: skip
GENITIVE_ARTICLES = frozenset({"der", "des"})
DETERMINERS = frozenset({"der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines",
                         "einem", "einen", "sein", "seine", "seinem", "seinen", "seiner",
                         "seines", "ihr", "ihre", "ihrem", "ihren", "ihrer", "ihres", "dieser",
                         "diese", "diesem", "diesen", "dieses", "unser", "unsere", "unserem",
                         "unseren", "unserer", "unseres"})  # fmt: skip


@dataclass(slots=True)
class RolePhrase:
    first_token: int  # document token indices, end exclusive
    last_token: int
    noun_token: int
    role: str
    of: str | None
    gender: str | None
    former: bool
    indefinite: bool
    plural: bool
    determined: bool  # an article or possessive precedes ("der Kanzler", "ihr Präsident")


def find_role_phrases(
    tokens: list[Token],
    first: int,
    hits: list[NameHit],
    kb: KnowledgeBase,
) -> list[RolePhrase]:
    """Role phrases in one sentence (``tokens`` start at document index ``first``)."""
    by_start = {h.first_token: h for h in hits if not h.in_compound}
    modifier_of = {h.first_token: h for h in hits if h.in_compound}
    phrases = []
    for i, token in enumerate(tokens):
        noun = kb.role_noun(token.text)
        if noun is None:
            continue
        index = first + i
        of = noun.of or _compound_owner(modifier_of.get(index), kb)
        begin, former, article = _left_context(tokens, i, first, by_start, kb)
        if of is None and begin.owner is not None:
            of = begin.owner
        end = index + 1
        genitive = _genitive_owner(tokens, i, first, by_start, kb)
        if of is None and genitive is not None:
            of, end = genitive
        of = of or noun.default_of  # "Kanzler" alone means Germany's in German news
        phrases.append(
            RolePhrase(
                first_token=begin.token,
                last_token=end,
                noun_token=index,
                role=noun.role,
                of=of,
                gender=noun.gender,
                former=former or token.text.startswith(("Ex-", "ex-")),
                indefinite=article in INDEFINITE,
                plural=article in ("die", "Die") and noun.gender == "m",
                determined=article is not None and article.lower() in DETERMINERS,
            )
        )
    return phrases


@dataclass(slots=True)
class _Left:
    token: int
    owner: str | None


def _left_context(
    tokens: list[Token], i: int, first: int, by_start: dict[int, NameHit], kb: KnowledgeBase
) -> tuple[_Left, bool, str | None]:
    """Walk left over adjectives ("der frühere norwegische ..."): owner, former flag, article."""
    begin = _Left(first + i, None)
    former = False
    j = i - 1
    while j >= 0:
        word = tokens[j].text
        hit = by_start.get(first + j)
        if hit is not None and hit.match.kind == "adjective" and hit.last_token == first + j + 1:
            begin = _Left(first + j, begin.owner or _owner(hit, kb))
        elif word in FORMER:
            former, begin = True, _Left(first + j, begin.owner)
        elif word not in NEUTRAL_MODIFIERS:
            break
        j -= 1
    article = tokens[j].text if j >= 0 else None
    return begin, former, article


def _genitive_owner(
    tokens: list[Token], i: int, first: int, by_start: dict[int, NameHit], kb: KnowledgeBase
) -> tuple[str, int] | None:
    """ "Generalsekretär der Nato", "Präsident Russlands" -> (owner id, end token)."""
    j = i + 1
    if j < len(tokens) and tokens[j].text in GENITIVE_ARTICLES:
        j += 1
    hit = by_start.get(first + j)
    if hit is None or hit.match.kind not in ("name", "metonym"):
        return None
    entity = kb.get(hit.match.entity_id)
    if entity is None or entity.type not in ("GPE", "ORG"):
        return None
    genitive_form = j > i + 1 or hit.surface.endswith("s")
    return (_owner(hit, kb), hit.last_token) if genitive_form else None


def _compound_owner(hit: NameHit | None, kb: KnowledgeBase) -> str | None:
    return _owner(hit, kb) if hit is not None else None


def _owner(hit: NameHit, kb: KnowledgeBase) -> str:
    """The state or organisation a name stands for (a capital stands for its state)."""
    entity = kb.get(hit.match.entity_id)
    if entity is not None and entity.stands_for:
        return entity.stands_for
    return hit.match.entity_id
