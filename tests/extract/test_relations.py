from collections.abc import Callable

import pytest

from lagebild.extract.relations import LexiconError, _cue, compound_head, default_lexicon
from lagebild.model import Document, Relation

Run = Callable[..., Document]


@pytest.fixture(scope="module")
def run(run_stages) -> Run:  # type: ignore[no-untyped-def]
    return run_stages(["nlp", "dates", "entities", "quotes", "relations"])


def triples(doc: Document) -> set[tuple[str, str, str]]:
    return {(r.source_id, r.type, r.target_id) for r in doc.relations}


def only(doc: Document, kind: str) -> list[Relation]:
    return [r for r in doc.relations if r.type == kind]


def test_verb_frame_subject_and_object(run: Run) -> None:
    doc = run("Frankreich unterstützt die Ukraine mit Panzern und Munition.")
    assert ("country:FRA", "AID", "country:UKR") in triples(doc)
    relation = only(doc, "AID")[0]
    assert relation.asserted and not relation.negated and not relation.hypothetical
    assert relation.cue == "unterstützen"
    assert doc.text[relation.evidence.start : relation.evidence.end].startswith("Frankreich")


def test_political_support_without_material_is_support(run: Run) -> None:
    doc = run("Polen unterstützt Finnland in dieser Frage ausdrücklich.")
    assert ("country:POL", "SUPPORT", "country:FIN") in triples(doc)


def test_cooperation_between_a_list_expands_to_pairs(run: Run) -> None:
    doc = run("Die Zusammenarbeit zwischen Russland, Iran und Nordkorea wächst.")
    pairs = {tuple(sorted((r.source_id, r.target_id))) for r in only(doc, "COOPERATE")}
    assert pairs == {
        ("country:IRN", "country:RUS"),
        ("country:PRK", "country:RUS"),
        ("country:IRN", "country:PRK"),
    }


def test_separable_verb_and_dative_object(run: Run) -> None:
    doc = run("Litauen wirft Belarus gezielte Provokationen an der Grenze vor.")
    assert ("country:LTU", "ACCUSE", "country:BLR") in triples(doc)


def test_receiving_reverses_the_direction(run: Run) -> None:
    doc = run("Russland erhält von Nordkorea Artilleriegranaten.")
    assert ("country:PRK", "AID", "country:RUS") in triples(doc)


def test_genitive_possessor_of_a_noun_cue(run: Run) -> None:
    doc = run("Russlands Angriff auf die Ukraine begann im Februar 2022.")
    assert ("country:RUS", "ASSAULT", "country:UKR") in triples(doc)


def test_capital_as_actor_but_not_as_place(run: Run) -> None:
    doc = run("Peking liefert Moskau Mikrochips. In Brüssel kritisiert man das.")
    assert ("country:CHN", "AID", "country:RUS") in triples(doc)
    assert not [r for r in doc.relations if "city:brussels" in (r.source_id, r.target_id)]


def test_negation_and_hypothesis_are_marked(run: Run) -> None:
    negated = run("Ungarn unterstützt die Ukraine nicht mit Waffen.")
    assert only(negated, "AID") and only(negated, "AID")[0].negated
    hypothetical = run("China könnte Taiwan angreifen.")
    assert only(hypothetical, "ASSAULT") and only(hypothetical, "ASSAULT")[0].hypothetical


def test_relation_inside_a_quote_is_the_speakers_claim(run: Run) -> None:
    doc = run(
        "Die Nato ist alarmiert. „Russland und China arbeiten immer enger zusammen“, "
        "sagte Generalsekretär Mark Rutte am Donnerstag in Brüssel."
    )
    cooperation = only(doc, "COOPERATE")
    assert cooperation
    assert not cooperation[0].asserted and cooperation[0].claimed_by == "person:mark-rutte"


def test_warning_about_others_is_an_accusation_by_the_speaker(run: Run) -> None:
    doc = run(
        "Mark Rutte warnte am Donnerstag, dass Russland und Nordkorea militärisch zusammenarbeiten."
    )
    found = triples(doc)
    assert ("person:mark-rutte", "ACCUSE", "country:RUS") in found
    assert ("person:mark-rutte", "ACCUSE", "country:PRK") in found
    speech_act = next(r for r in only(doc, "ACCUSE") if r.target_id == "country:RUS")
    assert speech_act.asserted


def test_role_compound_is_one_actor(run: Run) -> None:
    doc = run("Der Nato-Chef Mark Rutte kritisierte Russland scharf.", published="2025-03-01")
    assert triples(doc) == {("person:mark-rutte", "ACCUSE", "country:RUS")}


def test_war_named_by_compound_targets_the_place(run: Run) -> None:
    doc = run("Trump setzt auf ein schnelles Ende des Ukraine-Kriegs.")
    assert not [r for r in doc.relations if r.source_id == "person:donald-trump"]


def test_speaker_does_not_accuse_its_own_side(run: Run) -> None:
    doc = run("Die Bundesregierung warnte, Deutschland müsse mehr für Verteidigung ausgeben.")
    assert not [r for r in doc.relations if r.target_id == "country:DEU" and r.type == "ACCUSE"]


def test_lexicon_heads_and_validation() -> None:
    lexicon = default_lexicon()
    assert lexicon.noun("Militärkooperation") is not None
    assert lexicon.noun("Militärkooperation").type == "COOPERATE"  # type: ignore[union-attr]
    assert compound_head("Waffenlieferung", ("Lieferung",)) == "Lieferung"
    with pytest.raises(LexiconError, match="not a PLOVER type"):
        _cue("kuscheln", {"type": "HUG"})
    with pytest.raises(LexiconError, match="unknown field"):
        _cue("liefern", {"type": "AID", "prep": ["an"]})


def test_meeting_with_an_object_is_mutual(run: Run) -> None:
    doc = run("Der finnische Präsident traf Olaf Scholz am Montag in Berlin.", "2023-05-02")
    consult = only(doc, "CONSULT")
    assert consult and {consult[0].source_id, consult[0].target_id} >= {"person:olaf-scholz"}


def test_zu_infinitive_takes_the_subject_of_its_governing_clause(run: Run) -> None:
    doc = run("Kanada sagte zu, die Ukraine weiter zu unterstützen.")
    assert ("country:CAN", "SUPPORT", "country:UKR") in triples(doc)


def test_object_noun_owned_by_an_actor(run: Run) -> None:
    doc = run("Die Regierung in Warschau wies die russischen Vorwürfe zurück.")
    assert ("country:POL", "REJECT", "country:RUS") in triples(doc)


def test_examples_after_wie_share_the_preposition(run: Run) -> None:
    doc = run("Moskau droht Nachbarn wie Estland und Lettland mit Konsequenzen.")
    assert ("country:RUS", "THREATEN", "country:EST") in triples(doc)


def test_von_phrase_after_a_noun_is_a_possessor(run: Run) -> None:
    doc = run("Russland verletzt die Souveränität von Staaten wie Georgien und Moldau.")
    assert ("country:RUS", "ASSAULT", "country:GEO") in triples(doc)


def test_a_states_own_bodies_act_for_it(run: Run) -> None:
    doc = run("Am Morgen griff das russische Militär Kiew mit Drohnen an.")
    assert [(r.source_id, r.target_id) for r in only(doc, "ASSAULT")] == [
        ("country:RUS", "country:UKR")
    ]
    doc = run("Die ukrainische Führung widersprach Belarus umgehend.")
    assert ("country:UKR", "REJECT", "country:BLR") in triples(doc)


def test_accusing_hands_the_object_to_the_infinitive(run: Run) -> None:
    doc = run("Die USA werfen Nordkorea vor, Russland mit Granaten zu versorgen.")
    found = triples(doc)
    assert ("country:PRK", "AID", "country:RUS") in found
    assert ("country:USA", "AID", "country:RUS") not in found
    assert ("country:USA", "ACCUSE", "country:PRK") in found


def test_possessive_points_at_the_subject(run: Run) -> None:
    doc = run("Russland ist bei seinem Krieg gegen die Ukraine auf Drohnen angewiesen.")
    assert ("country:RUS", "ASSAULT", "country:UKR") in triples(doc)


def test_alliance_reference_is_not_a_cooperation_cue(run: Run) -> None:
    doc = run("Die Nato wächst. Russland droht, falls Finnland und Schweden dem Bündnis beitreten.")
    pairs = {frozenset((r.source_id, r.target_id)) for r in only(doc, "COOPERATE")}
    assert frozenset(("country:FIN", "country:SWE")) not in pairs


def test_standing_behind_an_actor_is_support(run: Run) -> None:
    doc = run("Der Kremlchef stellte sich am Freitag demonstrativ hinter Lukaschenko.")
    assert ("person:vladimir-putin", "SUPPORT", "person:alexander-lukashenko") in triples(doc)


def test_a_requested_membership_is_a_request_not_cooperation(run: Run) -> None:
    doc = run("Finnland und Schweden haben am Mittwoch die Aufnahme in die Nato beantragt.")
    assert {r.type for r in doc.relations} == {"REQUEST"}
    doc = run("Im Falle eines Angriffs Chinas auf Taiwan könnte Peking Moskau um Hilfe bitten.")
    assert ("country:CHN", "ASSAULT", "country:TWN") in triples(doc)


def test_a_state_a_government_stands_for_is_listed_and_the_document_can_be_stored(
    run: Run,
) -> None:
    from lagebild.store import Store

    doc = run("Die Regierung in Berlin unterstützt die Ukraine mit Waffen.")

    assert ("country:DEU", "AID", "country:UKR") in triples(doc)
    assert doc.entities["country:DEU"].name == "Germany"
    with Store.open("sqlite://") as store:
        assert store.save(doc)  # before: refused whole (FOREIGN KEY constraint failed)


def test_collective_reference_sums_up_the_coordinated_states_before(run: Run) -> None:
    doc = run(
        "Estland und Lettland stimmen ihre Grenzpolitik ab. "
        "Die Zusammenarbeit der beiden Staaten soll weiter wachsen."
    )
    assert ("country:EST", "COOPERATE", "country:LVA") in triples(doc)


def test_collective_reference_after_a_preposition_expands_to_pairs(run: Run) -> None:
    doc = run(
        "Vertreter aus Kuba, Venezuela und Nicaragua kamen in Havanna zusammen. "
        "Beobachter sehen eine engere Partnerschaft zwischen den drei Staaten."
    )
    pairs = {tuple(sorted((r.source_id, r.target_id))) for r in only(doc, "COOPERATE")}
    assert pairs == {
        ("country:CUB", "country:VEN"),
        ("country:CUB", "country:NIC"),
        ("country:NIC", "country:VEN"),
    }


def test_dative_collective_reference_is_the_object(run: Run) -> None:
    doc = run(
        "Norwegen und Dänemark haben neue Küstenwachen aufgestellt. "
        "Die Regierung in Warschau sicherte beiden Ländern politische Unterstützung zu."
    )
    assert ("country:POL", "SUPPORT", "country:NOR") in triples(doc)
    assert ("country:POL", "SUPPORT", "country:DNK") in triples(doc)


def test_a_count_of_states_is_no_reference(run: Run) -> None:
    doc = run(
        "Spanien und Portugal beraten über Fischereirechte. Drei Staaten unterstützen den Plan."
    )
    assert not only(doc, "SUPPORT")


def test_the_allies_are_the_alliance_named_before(run: Run) -> None:
    doc = run(
        "Die Nato berät in Brüssel über ihre Ostflanke. "
        "Litauen warf den Verbündeten vor, zu langsam zu handeln."
    )
    assert ("country:LTU", "ACCUSE", "org:nato") in triples(doc)


def test_someone_elses_allies_are_not_the_alliance(run: Run) -> None:
    doc = run(
        "Die Nato berät in Brüssel über ihre Ostflanke. "
        "Moskau kritisierte die Verbündeten der Ukraine."
    )
    assert ("country:RUS", "ACCUSE", "org:nato") not in triples(doc)


def test_noun_cue_right_after_the_subject_takes_it_as_source(run: Run) -> None:
    doc = run("Am Dienstag hat Norwegen die Lieferung von Minenräumbooten an Estland beschlossen.")
    assert ("country:NOR", "AID", "country:EST") in triples(doc)


def test_a_call_in_a_prepositional_phrase_links_subject_and_object(run: Run) -> None:
    doc = run("Kanada dankte Mexiko nach einem Telefonat für die Hilfe bei den Waldbränden.")
    assert ("country:CAN", "CONSULT", "country:MEX") in triples(doc)


def test_a_definite_talks_phrase_is_no_meeting_of_subject_and_object(run: Run) -> None:
    doc = run("Kanada drohte Mexiko mit Nachteilen in den Handelsgesprächen.")
    assert not only(doc, "CONSULT")


def test_a_delegation_from_a_state_stands_for_the_state(run: Run) -> None:
    doc = run("Peru führte am Montag ein Gespräch mit einer Delegation aus Chile.")
    assert ("country:CHL", "CONSULT", "country:PER") in triples(doc)


def test_the_subject_acts_through_a_measure_after_mit(run: Run) -> None:
    doc = run("Die Europäische Union reagierte mit einem Einreiseverbot für syrische Funktionäre.")
    assert ("org:eu", "SANCTION", "country:SYR") in triples(doc)


def test_a_threatened_measure_is_a_threat_not_the_measure(run: Run) -> None:
    doc = run("Kanada drohte Argentinien mit Sanktionen.")
    assert ("country:CAN", "THREATEN", "country:ARG") in triples(doc)
    assert not only(doc, "SANCTION")


def test_help_from_a_list_of_states_goes_to_the_subject(run: Run) -> None:
    doc = run("Serbien ist auf Hilfe aus Ungarn und Griechenland angewiesen.")
    assert ("country:HUN", "AID", "country:SRB") in triples(doc)
    assert ("country:GRC", "AID", "country:SRB") in triples(doc)


def test_moved_forces_belong_to_the_actor_in_a_passive(run: Run) -> None:
    doc = run("Es heißt, dass belarussische Truppen nach Russland verlegt worden seien.")
    assert ("country:BLR", "MOBILIZE", "country:RUS") in triples(doc)


def test_breaking_off_talks_rejects_the_partner_and_is_no_meeting(run: Run) -> None:
    doc = run("Ecuador setzte die Gespräche mit Kolumbien über den Grenzverkehr aus.")
    assert ("country:ECU", "REJECT", "country:COL") in triples(doc)
    assert not only(doc, "CONSULT")


def test_handing_over_a_document_in_person_is_a_meeting(run: Run) -> None:
    doc = run("Der Botschafter Irlands übergab die Urkunde an Vertreter Islands.")
    assert ("country:IRL", "CONSULT", "country:ISL") in triples(doc)


def test_sending_into_a_country(run: Run) -> None:
    doc = run("Italien kündigte an, weitere Panzer in die Slowakei zu schicken.")
    assert ("country:ITA", "AID", "country:SVK") in triples(doc)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Der Abgeordnete Paul Weber erklärte, das Land sei auf Bedrohungen aus Minsk "
         "vorbereitet.", ("x-per:paul-weber", "ACCUSE", "country:BLR")),
        ("Der Abgeordnete Paul Weber erklärte, die russische Aggression gefährde die Region.",
         ("x-per:paul-weber", "ACCUSE", "country:RUS")),
        ("Der Abgeordnete Paul Weber teilte mit, man schütze sich vor jeder Gefahr, die von "
         "Minsk ausgeht.", ("x-per:paul-weber", "ACCUSE", "country:BLR")),
    ],
)  # fmt: skip
def test_a_speaker_blames_the_origin_of_a_threat(
    run: Run, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in triples(run(text))


def test_the_target_of_a_war_is_not_blamed_for_it(run: Run) -> None:
    doc = run("Der Abgeordnete Paul Weber erklärte, der Ukraine-Krieg sei eine Gefahr.")
    assert not only(doc, "ACCUSE")


def test_an_alarmed_statement_about_that_blames_the_actors_just_before(run: Run) -> None:
    doc = run(
        "Polen und Belarus halten gemeinsame Manöver ab. "
        "Das sei eine ernste Herausforderung, sagte der Abgeordnete Paul Weber."
    )
    assert {r.target_id for r in only(doc, "ACCUSE") if r.source_id == "x-per:paul-weber"} == {
        "country:BLR",
        "country:POL",
    }


def test_rejecting_an_accusation_answers_the_accuser(run: Run) -> None:
    doc = run(
        "Die Niederlande werfen Venezuela vor, Schmuggler zu decken. "
        "Caracas weist das entschieden zurück."
    )
    assert ("country:VEN", "REJECT", "country:NLD") in triples(doc)


def test_rejecting_a_plan_answers_no_earlier_accuser(run: Run) -> None:
    doc = run(
        "Die Niederlande werfen Venezuela vor, Schmuggler zu decken. "
        "Caracas lehnte den neuen Zollplan ab."
    )
    assert not only(doc, "REJECT")


def test_a_spokesperson_acts_for_whom_they_speak(run: Run) -> None:
    assert ("country:RUS", "ACCUSE", "country:ISL") in triples(
        run("Ein Sprecher des Kremls kritisierte Island.")
    )
    assert ("org:nato", "ACCUSE", "country:SRB") in triples(
        run("Eine Sprecherin der Nato kritisierte Serbien.")
    )


def test_a_ministry_in_a_capital_is_that_state_s_ministry(run: Run) -> None:
    doc = run("Ein Sprecher des Außenministeriums in Oslo kritisierte Island.")
    assert ("ministry:foreign-affairs.NOR", "ACCUSE", "country:ISL") in triples(doc)
    assert (
        doc.entities["ministry:foreign-affairs.NOR"].name == "Ministry of Foreign Affairs (Norway)"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Die Region sei nicht nur durch Serbiens Angriff auf das Kosovo bedroht, sondern auch "
        "durch Schmuggel.",
        "Serbien hob den Angriff auf das Kosovo auf ein nie dagewesenes Niveau.",
    ],
)
def test_negating_a_word_does_not_negate_the_relation(run: Run, text: str) -> None:
    relation = next(r for r in only(run(text), "ASSAULT") if r.source_id == "country:SRB")
    assert relation.target_id == "country:XKX"
    assert not relation.negated


def test_not_ruling_out_is_a_possibility(run: Run) -> None:
    doc = run("Peru schloss eine Zusammenarbeit mit Chile ausdrücklich nicht aus.")
    (relation,) = only(doc, "COOPERATE")
    assert not relation.negated and relation.hypothetical


def test_a_plain_negation_still_negates(run: Run) -> None:
    doc = run("Peru arbeitet nicht mit Chile zusammen.")
    assert all(r.negated for r in only(doc, "COOPERATE"))


def test_objects_coordinated_across_a_noun_share_the_preposition(run: Run) -> None:
    doc = run(
        "Kanada hat am Montag Sanktionen gegen zwei syrische Offiziere und den "
        "Konzern Gazprom verhängt."
    )
    targets = {r.target_id for r in only(doc, "SANCTION") if r.source_id == "country:CAN"}
    assert "country:SYR" in targets
    assert any("gazprom" in t for t in targets)


def test_the_guest_is_the_visitor_reported_before(run: Run) -> None:
    doc = run(
        "Eine Delegation aus Tschechien ist nach Polen gereist. "
        "Die Regierung in Warschau empfing ihre Gäste am Flughafen."
    )
    received = [r for r in only(doc, "CONSULT") if r.cue == "empfangen"]
    assert {(r.source_id, r.target_id) for r in received} == {("country:CZE", "country:POL")}


def test_backing_the_applications_supports_the_applicants(run: Run) -> None:
    doc = run(
        "Georgien und Moldau haben die Aufnahme in die EU beantragt. "
        "Frankreich stellte sich hinter die Anträge."
    )
    assert ("country:FRA", "SUPPORT", "country:GEO") in triples(doc)
    assert ("country:FRA", "SUPPORT", "country:MDA") in triples(doc)


def test_a_resolved_pronoun_is_the_subject_and_the_trio_are_people(run: Run) -> None:
    doc = run(
        "Bei dem Treffen standen Anna Berger, Tobias Holm und Lena Krause nebeneinander. "
        "Der Abgeordnete Paul Weber reagierte darauf, indem er das Trio beschuldigte, "
        "„die Partei zu spalten“."
    )
    accused = {r.target_id for r in only(doc, "ACCUSE") if r.source_id == "x-per:paul-weber"}
    assert accused == {"x-per:anna-berger", "x-per:tobias-holm", "x-per:lena-krause"}


@pytest.mark.parametrize(
    ("text", "accused"),
    [
        ("Der Abgeordnete Paul Weber sagte, Serbien verstoße damit gegen die Abmachung.",
         "country:SRB"),
        ("Der Abgeordnete Paul Weber sagte, Serbien sei eine Bedrohung für die Region.",
         "country:SRB"),
        ("Der Abgeordnete Paul Weber nannte das Vorgehen Serbiens eine gefährliche Provokation.",
         "country:SRB"),
    ],
)  # fmt: skip
def test_a_speaker_blames_who_the_statement_says_threatens_or_breaks(
    run: Run, text: str, accused: str
) -> None:
    assert ("x-per:paul-weber", "ACCUSE", accused) in triples(run(text))


@pytest.mark.parametrize(
    "text",
    [
        "Der Abgeordnete Paul Weber erklärte, man werde den Druck erhöhen, bis Serbien seinen "
        "Krieg beende.",
        "Der Abgeordnete Paul Weber nannte die Pläne leichtsinnig; sie dienten den Interessen "
        "Serbiens.",
    ],
)
def test_who_merely_appears_in_a_judgement_is_not_blamed(run: Run, text: str) -> None:
    assert not only(run(text), "ACCUSE")


def test_a_reaction_answers_the_actors_of_the_sentence_before(run: Run) -> None:
    doc = run(
        "Peru und Chile vereinbarten gemeinsame Patrouillen an der Grenze. "
        "Bolivien protestierte dagegen."
    )
    assert {r.target_id for r in only(doc, "PROTEST")} == {"country:PER", "country:CHL"}


def test_without_a_reaction_adverb_the_target_stays_open(run: Run) -> None:
    doc = run(
        "Peru und Chile vereinbarten gemeinsame Patrouillen an der Grenze. "
        "Bolivien protestierte am Abend."
    )
    assert not only(doc, "PROTEST")


def test_the_decision_belongs_to_who_took_it_before(run: Run) -> None:
    doc = run(
        "Georgien und Moldau haben am Montag die Aufnahme in die EU beantragt. "
        "Der Abgeordnete Paul Weber nannte die Entscheidung einen schweren Fehler."
    )
    accused = {r.target_id for r in only(doc, "ACCUSE") if r.source_id == "x-per:paul-weber"}
    assert accused == {"country:GEO", "country:MDA"}


def test_appearing_together_with_several_partners_links_the_partners_too(run: Run) -> None:
    doc = run("Peru trat in Lima zusammen mit Chile und Ecuador gemeinsam auf.")
    pairs = {tuple(sorted((r.source_id, r.target_id))) for r in only(doc, "CONSULT")}
    assert pairs == {
        ("country:CHL", "country:PER"),
        ("country:ECU", "country:PER"),
        ("country:CHL", "country:ECU"),
    }


def test_being_a_member_of_an_alliance_is_cooperation(run: Run) -> None:
    doc = run("Montenegro ist seit 2017 das 29. Mitglied der Nato.")
    assert ("country:MNE", "COOPERATE", "org:nato") in triples(doc) or (
        "org:nato",
        "COOPERATE",
        "country:MNE",
    ) in triples(doc)


def test_becoming_a_member_some_day_is_not_yet_cooperation(run: Run) -> None:
    doc = run("Georgien werde eines Tages Mitglied der Nato werden.")
    assert not only(doc, "COOPERATE")


def test_side_by_side_with_several_people_links_every_pair(run: Run) -> None:
    doc = run("Bei der Feier stand Anna Berger Seite an Seite mit Tobias Holm und Lena Krause.")
    pairs = {tuple(sorted((r.source_id, r.target_id))) for r in only(doc, "CONSULT")}
    assert pairs == {
        ("x-per:anna-berger", "x-per:tobias-holm"),
        ("x-per:anna-berger", "x-per:lena-krause"),
        ("x-per:lena-krause", "x-per:tobias-holm"),
    }


def test_taking_someones_side_is_support(run: Run) -> None:
    doc = run("Im Grenzstreit hat sich Bolivien auf die Seite Perus gestellt.")
    assert ("country:BOL", "SUPPORT", "country:PER") in triples(doc)


def test_standing_under_sanctions_names_who_imposed_them(run: Run) -> None:
    doc = run("Seit dem Putsch steht Myanmar unter EU-Sanktionen.")
    assert ("org:eu", "SANCTION", "country:MMR") in triples(doc)


def test_a_name_in_apposition_shares_the_preposition_of_its_noun(run: Run) -> None:
    doc = run("Kanada will russische Banken vom Zahlungssystem Swift ausschließen.")
    assert {(r.source_id, r.type, r.target_id) for r in only(doc, "SANCTION")} == {
        ("country:CAN", "SANCTION", "country:RUS")
    }


def test_a_genitive_after_a_noun_still_owns_it(run: Run) -> None:
    doc = run("Polen protestierte gegen den Krieg Russlands in der Ukraine.")
    assert ("country:RUS", "ASSAULT", "country:UKR") in triples(doc)


def test_an_accusation_is_not_aimed_at_who_appears_in_the_infinitive(run: Run) -> None:
    doc = run(
        "Der Abgeordnete Paul Weber warf Schweden vor, Unterstützern der kurdischen PKK "
        "Schutz zu gewähren."
    )
    accused = {r.target_id for r in only(doc, "ACCUSE") if r.source_id == "x-per:paul-weber"}
    assert accused == {"country:SWE"}


def test_english_text_gets_no_relations_from_the_german_cues() -> None:
    import datetime as dt

    from lagebild.ids import document_id
    from lagebild.pipeline import Pipeline

    text = "Berlin created a special fund after the invasion of Ukraine."
    pipeline = Pipeline.build(("nlp", "dates", "entities", "quotes", "relations"))
    english = Document(document_id(text), text, published=dt.date(2025, 1, 2), language="en")
    assert pipeline(english).relations == []


def test_ratifying_a_third_states_accession_is_no_agreement_between_the_ratifiers(
    run: Run,
) -> None:
    doc = run("Spanien und Portugal haben Islands Beitritt ratifiziert.")
    assert ("country:ESP", "AGREE", "country:PRT") not in triples(doc)
    assert ("country:PRT", "AGREE", "country:ESP") not in triples(doc)


def test_two_states_signing_a_treaty_agree(run: Run) -> None:
    doc = run("Spanien und Portugal haben einen Grenzvertrag unterzeichnet.")
    assert {tuple(sorted((r.source_id, r.target_id))) for r in only(doc, "AGREE")} == {
        ("country:ESP", "country:PRT")
    }


def test_companions_act_with_the_subject_and_the_europeans_are_the_eu(run: Run) -> None:
    doc = run(
        "Gemeinsam mit Kanada und Japan beschlossen die Europäer, syrische Banken vom "
        "Zahlungssystem Swift auszuschließen."
    )
    sources = {r.source_id for r in only(doc, "SANCTION") if r.target_id == "country:SYR"}
    assert sources == {"org:eu", "country:CAN", "country:JPN"}


def test_a_comma_before_an_adjective_actor_starts_a_new_phrase(run: Run) -> None:
    doc = run(
        "Gestern beschlossen die Europäer, serbische Banken vom Zahlungssystem Swift "
        "auszuschließen."
    )
    assert ("org:eu", "SANCTION", "country:SRB") in triples(doc)


def test_the_heads_of_state_at_a_summit_are_the_alliance(run: Run) -> None:
    doc = run(
        "Die Nato tagt in Vilnius. Die Staats- und Regierungschefs forderten Belarus auf, "
        "die Manöver zu beenden."
    )
    assert ("org:nato", "REQUEST", "country:BLR") in triples(doc)


def pairs_of(doc: Document, kind: str) -> set[tuple[str, str]]:
    return {tuple(sorted((r.source_id, r.target_id))) for r in only(doc, kind)}  # type: ignore[misc]


def test_a_fronted_apposition_is_the_subject_of_the_verb_after_it(run: Run) -> None:
    doc = run("Der Präsident Frankreichs, Emmanuel Macron, hat am Montag Kanada besucht.")
    assert ("country:CAN", "person:emmanuel-macron") in pairs_of(doc, "CONSULT")


def test_a_later_clause_refers_back_to_a_visit_in_the_same_sentence(run: Run) -> None:
    doc = run(
        "Macron besuchte Pedro Sánchez in Madrid; Sánchez stellte sich demonstrativ hinter "
        "seinen Gast."
    )
    assert ("person:pedro-sanchez", "SUPPORT", "person:emmanuel-macron") in triples(doc)


def test_welcoming_the_decision_answers_the_state_that_took_it(run: Run) -> None:
    # the lemmatiser writes "Beschluß"; the government's decision is the state's
    doc = run(
        "Die Bundesregierung hat die Lieferung von Panzern an die Ukraine beschlossen. "
        "Die polnische Führung begrüßte den Beschluss."
    )
    assert ("country:POL", "SUPPORT", "country:DEU") in triples(doc)


def test_the_trip_is_the_visitors_not_that_of_whom_they_met(run: Run) -> None:
    doc = run(
        "Macron hat am Montag Japan besucht. In Tokio traf er Regierungschef Kishida Fumio. "
        "China verurteilte die Reise."
    )
    accused = {r.target_id for r in only(doc, "ACCUSE") if r.source_id == "country:CHN"}
    assert accused == {"person:emmanuel-macron"}


def test_a_subject_pronoun_stands_for_the_person_named_before(run: Run) -> None:
    doc = run(
        "Macron stellte sich hinter die Anträge; er will Pedro Sánchez am Donnerstag in "
        "Paris empfangen."
    )
    assert ("person:emmanuel-macron", "person:pedro-sanchez") in pairs_of(doc, "CONSULT")


def test_she_is_the_woman_named_in_the_sentence_before(run: Run) -> None:
    doc = run("Kaja Kallas reiste am Montag nach Rom. Dort traf sie Giorgia Meloni.")
    assert ("person:giorgia-meloni", "person:kaja-kallas") in pairs_of(doc, "CONSULT")


def test_she_does_not_stand_for_a_man_nor_they_for_a_person(run: Run) -> None:
    doc = run(
        "Macron reiste am Montag nach Rom. Dort traf sie Giorgia Meloni. "
        "Pedro Sánchez reiste nach Paris. Dort trafen sie Olaf Scholz."
    )
    partners = {p for pair in pairs_of(doc, "CONSULT") for p in pair}
    assert "person:giorgia-meloni" not in partners and "person:olaf-scholz" not in partners


def test_an_article_after_a_comma_opens_no_relative_clause(run: Run) -> None:
    doc = run(
        "Seit der Wahl steht Lukaschenko unter EU-Sanktionen, die Proteste gegen ihn ließ er "
        "niederschlagen."
    )
    assert not only(doc, "PROTEST")


def test_a_threat_is_aimed_at_who_acts_in_the_condition(run: Run) -> None:
    doc = run(
        "Serbien hatte mit nicht näher genannten Gegenmaßnahmen gedroht, falls Kroatien "
        "und Slowenien dem Abkommen beitreten."
    )
    threats = [r for r in only(doc, "THREATEN") if r.source_id == "country:SRB"]
    assert {r.target_id for r in threats} == {"country:HRV", "country:SVN"}
    assert not any(r.negated for r in threats)  # "nicht näher genannt" negates no threat


def test_a_negated_threat_stays_negated(run: Run) -> None:
    doc = run("Serbien hat Kroatien nicht gedroht.")
    threats = only(doc, "THREATEN")
    assert threats and all(r.negated for r in threats)


def test_a_second_predicate_after_a_comma_keeps_the_subject(run: Run) -> None:
    doc = run(
        "Kroatien und Ungarn haben den Vertrag gebilligt, halten die Zustimmung zu Serbiens "
        "Antrag aber weiter zurück."
    )
    rejecting = {r.source_id for r in only(doc, "REJECT") if r.target_id == "country:SRB"}
    assert rejecting == {"country:HRV", "country:HUN"}


def test_refusing_consent_to_someones_request_rejects_them(run: Run) -> None:
    doc = run("Ungarn verweigert seine Zustimmung zu Schwedens Aufnahme.")
    assert ("country:HUN", "REJECT", "country:SWE") in triples(doc)


def test_the_antecedent_of_a_relative_clause_is_what_was_concluded(run: Run) -> None:
    doc = run(
        "Der Minister verwies auf den Freundschaftspakt, den Chile und Peru im Mai "
        "geschlossen hatten."
    )
    assert ("country:CHL", "country:PER") in pairs_of(doc, "AGREE")


def test_closing_a_door_is_no_agreement(run: Run) -> None:
    doc = run("Chile und Peru haben ihre Grenze geschlossen.")
    assert not only(doc, "AGREE")


def test_admitting_members_joins_them_to_the_alliance_named_before(run: Run) -> None:
    doc = run(
        "Die Nato feiert ihren Jahrestag. In die Amtszeit des Generalsekretärs fiel die "
        "Aufnahme von Albanien und Kroatien."
    )
    joined = {r.source_id for r in only(doc, "COOPERATE") if r.target_id == "org:nato"}
    assert joined == {"country:ALB", "country:HRV"}


def test_a_refused_accession_is_no_joining(run: Run) -> None:
    doc = run(
        "Die EU berät über ihre Erweiterung. Frankreich und Österreich lehnen einen Beitritt "
        "Serbiens ab."
    )
    assert ("country:SRB", "org:eu") not in pairs_of(doc, "COOPERATE")


def test_admission_without_an_alliance_in_the_article_is_nothing(run: Run) -> None:
    doc = run("In seine Amtszeit fiel die Aufnahme von Albanien und Kroatien.")
    assert not only(doc, "COOPERATE")


def test_an_application_after_a_sentence_about_joining_asks_the_alliance(run: Run) -> None:
    doc = run("Georgien will der EU beitreten. Georgien hatte den Antrag bereits im März gestellt.")
    assert ("country:GEO", "REQUEST", "org:eu") in triples(doc)


def test_an_application_for_something_else_asks_nobody(run: Run) -> None:
    doc = run("Die EU tagt in Brüssel. Georgien hatte einen Antrag auf Fristverlängerung gestellt.")
    assert not only(doc, "REQUEST")


def test_help_without_a_recipient_goes_to_the_one_just_named(run: Run) -> None:
    doc = run(
        "Norwegen liefert Haubitzen an Moldau. Auch Dänemark will Panzer abgeben. "
        "Schweden, das lange gezögert hatte, will ebenfalls Panzer bereitstellen."
    )
    helpers = {r.source_id for r in only(doc, "AID") if r.target_id == "country:MDA"}
    assert helpers == {"country:NOR", "country:DNK", "country:SWE"}


def test_help_without_a_recent_recipient_goes_nowhere(run: Run) -> None:
    doc = run(
        "Norwegen liefert Haubitzen an Moldau. Der Winter war mild. Die Ernte war gut. "
        "Die Preise stiegen. Dänemark will Panzer abgeben."
    )
    assert {r.source_id for r in only(doc, "AID")} == {"country:NOR"}


def test_rendering_aid_is_aid(run: Run) -> None:
    doc = run("Kanada will der Ukraine Militärhilfe in Höhe von zwei Milliarden Dollar leisten.")
    assert ("country:CAN", "AID", "country:UKR") in triples(doc)


def test_the_owner_of_what_a_cue_preposition_governs_is_the_target(run: Run) -> None:
    doc = run("Indiens Teilnahme am Treffen der ASEAN in Jakarta wurde bestätigt.")
    assert ("country:IND", "org:asean") in pairs_of(doc, "CONSULT")
    doc = run("Die EU verhängte neue Sanktionen gegen das Raketenprogramm Irans.")
    assert ("org:eu", "SANCTION", "country:IRN") in triples(doc)


def test_we_in_a_statement_is_the_body_the_speaker_speaks_for(run: Run) -> None:
    doc = run("„Wir werden mit Kanada noch enger zusammenarbeiten“, sagte Kaja Kallas.")
    cooperation = [r for r in only(doc, "COOPERATE") if "country:CAN" in (r.source_id, r.target_id)]
    assert {r.source_id for r in cooperation} | {r.target_id for r in cooperation} == {
        "org:eu",
        "country:CAN",
    }
    assert all(not r.asserted and r.claimed_by == "person:kaja-kallas" for r in cooperation)


def test_a_statement_made_together_with_someone_is_a_joint_appearance(run: Run) -> None:
    doc = run("„Wir stehen zusammen“, sagte Pedro Sánchez am Montag gemeinsam mit Giorgia Meloni.")
    assert ("person:giorgia-meloni", "person:pedro-sanchez") in pairs_of(doc, "CONSULT")


def test_a_decision_taken_together_is_no_meeting(run: Run) -> None:
    doc = run("Gemeinsam mit Kanada beschloss Japan neue Zölle.")
    assert not only(doc, "CONSULT")


def test_being_someones_partner_is_cooperation(run: Run) -> None:
    doc = run("Brasilien ist der wichtigste Handelspartner Argentiniens.")
    assert ("country:ARG", "country:BRA") in pairs_of(doc, "COOPERATE")
    doc = run("Kanada ist ein enger Verbündeter der USA.")
    assert ("country:CAN", "country:USA") in pairs_of(doc, "COOPERATE")
    doc = run("Brasilien sucht in Asien neue Handelspartner.")
    assert not only(doc, "COOPERATE")


def test_giving_up_resistance_against_someone_concedes(run: Run) -> None:
    doc = run("Ungarn gab seinen Widerstand gegen Schwedens Beitritt im Januar auf.")
    assert ("country:HUN", "CONCEDE", "country:SWE") in triples(doc)
    doc = run("Schweden gab seine Neutralität gegenüber Russland auf.")
    assert not only(doc, "CONCEDE")


def test_calling_someones_act_an_escalation_accuses_them(run: Run) -> None:
    doc = run("Kaja Kallas nannte die Unterstützung Irans eine gefährliche Eskalation.")
    assert ("person:kaja-kallas", "ACCUSE", "country:IRN") in triples(doc)
    doc = run("Kaja Kallas nannte die Unterstützung Irans einen großen Erfolg.")
    assert not only(doc, "ACCUSE")


def test_judging_the_decision_accuses_the_state_that_took_it(run: Run) -> None:
    doc = run(
        "Die Bundesregierung hat die Lieferung von Raketen an Moldau beschlossen. "
        "Moskau bezeichnete die Entscheidung als äußerst gefährlich."
    )
    assert ("country:RUS", "ACCUSE", "country:DEU") in triples(doc)


def test_judging_the_remarks_accuses_who_made_them(run: Run) -> None:
    doc = run(
        "Äußerungen von Viktor Orbán über die Ukraine sorgten für Unmut. "
        "Pedro Sánchez nannte die Äußerungen leichtsinnig."
    )
    assert ("person:pedro-sanchez", "ACCUSE", "person:viktor-orban") in triples(doc)


def test_the_member_states_of_a_body_act_as_the_body(run: Run) -> None:
    doc = run("Die EU-Staaten kritisierten China am Montag scharf.")
    assert ("org:eu", "ACCUSE", "country:CHN") in triples(doc)
    assert ("country:CHN", "ACCUSE", "org:eu") not in triples(doc)


def test_condemning_a_cooperation_between_others_accuses_both(run: Run) -> None:
    doc = run(
        "Die Außenminister der Nato-Länder verurteilten die Zusammenarbeit zwischen "
        "Russland und Belarus."
    )
    accused = {r.target_id for r in only(doc, "ACCUSE") if r.source_id == "org:nato"}
    assert accused == {"country:RUS", "country:BLR"}


def test_who_does_likewise_acts_too_and_is_no_object(run: Run) -> None:
    doc = run("Polen hat wie Litauen zugesagt, die Ukraine weiter zu unterstützen.")
    supporters = {r.source_id for r in only(doc, "SUPPORT") if r.target_id == "country:UKR"}
    assert supporters == {"country:POL", "country:LTU"}
    doc = run("Lettland kritisierte wie Estland die Regierung in Minsk.")
    assert {(r.source_id, r.target_id) for r in only(doc, "ACCUSE")} == {
        ("country:LVA", "country:BLR"),
        ("country:EST", "country:BLR"),
    }


def test_promising_each_other_is_an_agreement(run: Run) -> None:
    doc = run(
        "Chile und Peru haben sich gegenseitigen Beistand im Fall eines Angriffs zugesichert."
    )
    assert ("country:CHL", "country:PER") in pairs_of(doc, "AGREE")
    doc = run("Chile und Peru haben Bolivien Beistand zugesichert.")
    assert not only(doc, "AGREE")


def test_accusing_each_other_goes_both_ways(run: Run) -> None:
    doc = run("Armenien und Aserbaidschan werfen sich gegenseitig Provokationen an der Grenze vor.")
    assert {("country:ARM", "ACCUSE", "country:AZE"), ("country:AZE", "ACCUSE", "country:ARM")} <= (
        triples(doc)
    )


def test_a_clause_opening_a_quotation_is_part_of_the_statement(run: Run) -> None:
    doc = run(
        "„Die wachsende Zusammenarbeit zwischen Belarus und Iran ist eine Gefahr für "
        "Europa“, sagte Kaja Kallas."
    )
    cooperation = only(doc, "COOPERATE")
    assert cooperation and doc.text[cooperation[0].evidence.start] == "D"
    accused = {r.target_id for r in only(doc, "ACCUSE") if r.source_id == "person:kaja-kallas"}
    assert accused == {"country:BLR", "country:IRN"}
