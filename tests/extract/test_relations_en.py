"""Relations in English articles (fictional states and people; mentions made by hand as in
test_quotes_en.py, so each test controls who is named where)."""

from __future__ import annotations

import pytest
from test_quotes import BERGER, Actor, analyse

from lagebild.extract.relations import RelationExtractor
from lagebild.ids import document_id
from lagebild.model import Document, Relation
from lagebild.nlp.stage import NlpStage
from lagebild.pipeline import Pipeline, Resources

RURITANIA: Actor = ("Ruritania", "gpe:ruritania", "GPE", "Ruritania", "name")
RURITANIAN: Actor = ("Ruritanian", "gpe:ruritania", "GPE", "Ruritania", "adjective")
OSTERLICH: Actor = ("Osterlich", "gpe:osterlich", "GPE", "Osterlich", "name")
BORDURIA: Actor = ("Borduria", "gpe:borduria", "GPE", "Borduria", "name")
PACT: Actor = ("Sylvan Pact", "org:sylvan-pact", "ORG", "Sylvan Pact", "name")
NATO: Actor = ("NATO", "org:nato", "ORG", "NATO", "name")  # an alliance the knowledge base knows
ACTORS = [RURITANIA, RURITANIAN, OSTERLICH, BORDURIA, BERGER, PACT, NATO]
RU, OS, BO, PA = "gpe:ruritania", "gpe:osterlich", "gpe:borduria", "org:sylvan-pact"


def relations(text: str, nlp: NlpStage, resources: Resources) -> list[Relation]:
    doc = analyse(text, ACTORS, nlp, resources, language="en")
    return RelationExtractor(resources)(doc).relations


def triples(text: str, nlp: NlpStage, resources: Resources) -> set[tuple[str, str, str]]:
    return {(r.source_id, r.type, r.target_id) for r in relations(text, nlp, resources)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ruritania invaded Osterlich in March.", (RU, "ASSAULT", OS)),
        ("Ruritanian troops shelled Osterlich overnight.", (RU, "ASSAULT", OS)),
        ("Ruritania struck Osterlich's ports overnight.", (RU, "ASSAULT", OS)),
        ("Ruritania's war against Osterlich is in its third year.", (RU, "ASSAULT", OS)),
        ("The Ruritanian invasion of Osterlich began in spring.", (RU, "ASSAULT", OS)),
        ("Osterlich was attacked by Ruritania on Sunday.", (RU, "ASSAULT", OS)),
        ("Ruritania supplied Osterlich with artillery shells.", (RU, "AID", OS)),
        ("Ruritania has sent thousands of troops to Osterlich.", (RU, "AID", OS)),
        ("Ruritania provides military aid to Osterlich.", (RU, "AID", OS)),
        ("Ruritania supports Osterlich with weapons.", (RU, "AID", OS)),
        ("Ruritania delivered rockets and helped Osterlich build a plant.", (RU, "AID", OS)),
        ("Ruritania imposed new sanctions on Osterlich.", (RU, "SANCTION", OS)),
        ("Ruritania expelled Osterlich's diplomats.", (RU, "SANCTION", OS)),
        ("Anna Berger accused Osterlich of sabotage.", ("person:anna-berger", "ACCUSE", OS)),
        ("Ruritania sharply criticised Osterlich.", (RU, "ACCUSE", OS)),
        ("Ruritania threatened Osterlich with retaliation.", (RU, "THREATEN", OS)),
        ("Anna Berger urged Osterlich to free the crew.", ("person:anna-berger", "REQUEST", OS)),
        ("Ruritania has called on Osterlich to withdraw.", (RU, "REQUEST", OS)),
        ("Ruritania asked Osterlich to reopen the border.", (RU, "REQUEST", OS)),
        ("Ruritania backed Osterlich in the dispute.", (RU, "SUPPORT", OS)),
        ("Ruritania stands firmly behind Osterlich.", (RU, "SUPPORT", OS)),
        ("Ruritania held talks with Osterlich.", (OS, "CONSULT", RU)),
        ("Anna Berger paid a surprise visit to Osterlich.", (OS, "CONSULT", "person:anna-berger")),
        ("Ruritania will send Osterlich two more air defence systems.", (RU, "AID", OS)),
        ("Ruritania joined the Sylvan Pact in 2021.", (RU, "COOPERATE", PA)),
    ],
)
def test_subject_predicate_object(
    text: str, expected: tuple[str, str, str], nlp: NlpStage, resources: Resources
) -> None:
    assert triples(text, nlp, resources) == {expected}


def test_a_coordinated_group_acting_together_is_every_pair(
    nlp: NlpStage, resources: Resources
) -> None:
    assert triples("Ruritania, Osterlich and Borduria signed a treaty.", nlp, resources) == {
        (OS, "AGREE", RU),
        (BO, "AGREE", RU),
        (BO, "AGREE", OS),
    }
    assert triples(
        "Ruritania and Osterlich deepened their military cooperation.", nlp, resources
    ) == {(OS, "COOPERATE", RU)}
    (talks,) = relations("Talks between Ruritania and Osterlich resumed.", nlp, resources)
    assert (talks.type, talks.cue) == ("CONSULT", "talks")


def test_evidence_is_the_clause_at_its_exact_span(nlp: NlpStage, resources: Resources) -> None:
    text = "Ruritania has sent troops to Osterlich, officials confirmed."
    (relation,) = relations(text, nlp, resources)
    assert text[relation.evidence.start : relation.evidence.end] == (
        "Ruritania has sent troops to Osterlich"
    )
    assert (relation.cue, relation.source_name, relation.target_name) == (
        "sent",
        "Ruritania",
        "Osterlich",
    )


def test_negated_and_hypothetical_relations_are_marked(nlp: NlpStage, resources: Resources) -> None:
    (denied,) = relations("Ruritania did not attack Osterlich.", nlp, resources)
    assert denied.negated and not denied.hypothetical
    (conditional,) = relations(
        "If Ruritania attacked Osterlich, Borduria would respond.", nlp, resources
    )
    assert conditional.hypothetical and not conditional.negated
    assert (conditional.source_id, conditional.target_id) == (RU, OS)
    (plain,) = relations("Ruritania not only attacked Osterlich.", nlp, resources)
    assert not plain.negated and not plain.hypothetical and plain.asserted


def test_a_relation_inside_a_statement_is_the_speaker_s_claim(
    nlp: NlpStage, resources: Resources
) -> None:
    for text in (
        "“Ruritania attacked Osterlich last night,” Anna Berger said.",
        "Anna Berger said that Ruritania had attacked Osterlich.",
    ):
        (relation,) = relations(text, nlp, resources)
        assert (relation.source_id, relation.type, relation.target_id) == (RU, "ASSAULT", OS)
        assert not relation.asserted and relation.claimed_by == "person:anna-berger"


@pytest.mark.parametrize(
    "text",
    [
        "The talks with Ruritania criticised Osterlich.",  # the actor is no subject
        "Ruritania, which invaded Osterlich, denies it.",  # a relative clause
        "Ruritania asked Osterlich about the border.",  # a question, no request
        "Ruritania sent Osterlich a warning.",  # nothing material is sent
        "Ruritania attacked Osterlich's claim as baseless.",  # words, not arms
        "Spending in Ruritania rose while Osterlich cut its budget.",
        "Ruritanian spending attacked Osterlich's figures.",  # an adjective is no actor
        "Ruritania has sent millions of shells and thousands of soldiers.",  # no recipient
    ],
)
def test_no_relation_without_a_clear_pattern(
    text: str, nlp: NlpStage, resources: Resources
) -> None:
    assert relations(text, nlp, resources) == []


def test_its_allies_are_the_alliance_named_before(nlp: NlpStage, resources: Resources) -> None:
    text = "Ruritania is a member of NATO. Ruritania pressed its allies to spend more."
    assert (RU, "REQUEST", "org:nato") in triples(text, nlp, resources)


def test_a_real_possessive_name_is_read_through_the_knowledge_base() -> None:
    """The whole pipeline on English: "Moscow's" stands for Russia, which the document
    then lists as an entity although the article names only its capital."""
    pipeline = Pipeline.build(("nlp", "dates", "entities", "quotes", "relations"))
    text = "Moscow's war against Ukraine entered its fourth year in 2025."
    doc = pipeline(Document(document_id(text), text, language="en"))
    assert {(r.source_id, r.type, r.target_id) for r in doc.relations} == {
        ("country:RUS", "ASSAULT", "country:UKR")
    }
    assert doc.entities["country:RUS"].name == "Russia"


def test_help_without_a_recipient_goes_to_the_recipient_named_just_before(
    nlp: NlpStage, resources: Resources
) -> None:
    text = "Ruritania supplies tanks to Osterlich. Borduria has also sent artillery shells."
    assert triples(text, nlp, resources) == {(RU, "AID", OS), (BO, "AID", OS)}
    assert triples("Borduria has also sent artillery shells.", nlp, resources) == set()
