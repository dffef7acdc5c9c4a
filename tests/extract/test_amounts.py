from __future__ import annotations

import datetime as dt

import pytest

from lagebild.extract.amounts import AmountExtractor, find_amounts
from lagebild.extract.dates import DateResolver
from lagebild.model import Amount, Document, Entity, EntityType, Mention, Quote
from lagebild.nlp.stage import NlpStage
from lagebild.pipeline import Pipeline, Resources

PUBLISHED = dt.date(2024, 11, 7)


def analysed(text: str, mentions: dict[str, tuple[str, EntityType]] | None = None) -> Document:
    """Text run through nlp and dates; ``mentions`` maps a surface form to (entity name, type)."""
    doc = DateResolver()(NlpStage()(Document(id="doc_test", text=text, published=PUBLISHED)))
    doc.assigned.update({"tokens", "sentences", "times"})
    for surface, (name, entity_type) in (mentions or {}).items():
        start = text.index(surface)
        entity_id = "kb:" + name.lower()
        doc.mentions.append(
            Mention(
                doc.evidence(start, start + len(surface), "entities"),
                surface,
                entity_type,
                entity_id,
            )
        )
        doc.entities[entity_id] = Entity(entity_id, name, entity_type)
    doc.mentions.sort(key=lambda m: m.start)
    return AmountExtractor()(doc)


def only_amount(text: str) -> Amount:
    amounts = analysed(text).amounts
    assert len(amounts) == 1, [a.text for a in amounts]
    return amounts[0]


@pytest.mark.parametrize(
    ("sentence", "span", "value", "unit"),
    [
        ("Das Land zahlte 462 Milliarden Dollar.", "462 Milliarden Dollar", 462e9, "USD"),
        ("Die Hilfe umfasst 2,5 Mrd. Euro.", "2,5 Mrd. Euro", 2.5e9, "EUR"),
        ("Der Fonds hat 300 Millionen Euro.", "300 Millionen Euro", 300e6, "EUR"),
        ("Es flossen 40 Mio. US-Dollar.", "40 Mio. US-Dollar", 40e6, "USD"),
        ("Das Paket kostet 12 Tausend Euro.", "12 Tausend Euro", 12e3, "EUR"),
        ("Der Vertrag bringt 80 Tsd. Euro.", "80 Tsd. Euro", 80e3, "EUR"),
        ("Die Schulden liegen bei 1,2 Billionen Rubel.", "1,2 Billionen Rubel", 1.2e12, "RUB"),
        ("Der Kredit beträgt 50 Milliarden Yuan.", "50 Milliarden Yuan", 50e9, "CNY"),
        ("London gab 3 Milliarden Pfund aus.", "3 Milliarden Pfund", 3e9, "GBP"),
        ("Die Firma erhielt $5 Mrd. vom Staat.", "$5 Mrd.", 5e9, "USD"),
        ("Es wurden 750 € gezahlt.", "750 €", 750, "EUR"),
        ("Das Budget stieg um fünf Prozent.", "um fünf Prozent", 5, "percent"),
        ("Die Inflation lag bei 3,5 %.", "3,5 %", 3.5, "percent"),
        ("Der Wert sank um zwei Prozentpunkte.", "um zwei Prozentpunkte", 2, "percentage_points"),
        ("Die Armee verlegte 1.500 Soldaten.", "1.500 Soldaten", 1500, "soldiers"),
        ("Es marschierten 600 chinesische Soldaten.", "600 chinesische Soldaten", 600, "soldiers"),
        ("Dort stehen 30.000 Mann bereit.", "30.000 Mann", 30000, "soldiers"),
        ("Die Flut vertrieb 2000 Menschen.", "2000 Menschen", 2000, "persons"),
        ("Dabei starben zwölf Zivilisten.", "zwölf Zivilisten", 12, "persons"),
        ("Das Werk baute 250 Drohnen.", "250 Drohnen", 250, "items"),
        ("Vier Nationen nahmen teil.", "Vier Nationen", 4, "countries"),
        ("Die Minister der 32 Nato-Länder kamen.", "32 Nato-Länder", 32, "countries"),
        ("Drei Länder stimmten dagegen.", "Drei Länder", 3, "countries"),
        ("Die Haft dauert sieben Jahre.", "sieben Jahre", 7, "years"),
        ("Die Sitzung ging 45 Minuten.", "45 Minuten", 45, "minutes"),
        ("Er versprach Frieden binnen 24 Stunden.", "24 Stunden", 24, "hours"),
        ("Die 70-minütige Rede war lang.", "70-minütige", 70, "minutes"),
        ("Das zweitägige Treffen endete.", "zweitägige", 2, "days"),
        ("Die dreijährige Mission begann.", "dreijährige", 3, "years"),
        ("Das Zwei-Prozent-Ziel gilt.", "Zwei-Prozent-Ziel", 2, "percent"),
        ("Zwei Drittel der Befragten stimmten zu.", "Zwei Drittel der Befragten", 66.67, "percent"),
        ("Ein Viertel der Mittel fehlt.", "Ein Viertel der Mittel", 25, "percent"),
        ("Die Hälfte der Panzer fiel aus.", "Die Hälfte der Panzer", 50, "percent"),
        ("Jeder dritte Soldat ist krank.", "Jeder dritte Soldat", 33.33, "percent"),
        ("Zwei von drei Panzern fielen aus.", "Zwei von drei Panzern", 66.67, "percent"),
        ("Das sind fünfundzwanzig Raketen.", "fünfundzwanzig Raketen", 25, "items"),
        ("Es kamen zweihundert Freiwillige.", "zweihundert Freiwillige", 200, "items"),
        ("Sie bestellten eine Milliarde Euro an Munition.", "eine Milliarde Euro", 1e9, "EUR"),
        ("Er plant zweieinhalb Milliarden Euro ein.", "zweieinhalb Milliarden Euro", 2.5e9, "EUR"),
    ],
)
def test_values_and_units(sentence: str, span: str, value: float, unit: str) -> None:
    amount = only_amount(sentence)
    assert (amount.text, amount.unit) == (span, unit)
    assert amount.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("sentence", "approximate", "qualifier"),
    [
        ("Es kamen rund 600 Soldaten.", True, None),
        ("Es kamen etwa 600 Soldaten.", True, None),
        ("Es kamen ca. 600 Soldaten.", True, None),
        ("Es kamen knapp 600 Soldaten.", True, None),
        ("Es kamen fast 600 Soldaten.", True, "less_than"),
        ("Es kamen gut 600 Soldaten.", True, "more_than"),
        ("Es kamen über 600 Soldaten.", False, "more_than"),
        ("Es kamen mehr als 600 Soldaten.", False, "more_than"),
        ("Es kamen weniger als 600 Soldaten.", False, "less_than"),
        ("Es kamen bis zu 600 Soldaten.", False, "up_to"),
        ("Es kamen mindestens 600 Soldaten.", False, "at_least"),
        ("Es kamen 600 Soldaten.", False, None),
    ],
)
def test_qualifiers(sentence: str, approximate: bool, qualifier: str | None) -> None:
    amount = only_amount(sentence)
    assert amount.text.endswith("600 Soldaten")
    assert (amount.approximate, amount.qualifier) == (approximate, qualifier)
    assert amount.value == 600


@pytest.mark.parametrize(
    ("sentence", "value", "value_max", "unit"),
    [
        ("Das Wachstum liegt bei zwei bis drei Prozent.", 2, 3, "percent"),
        ("Das kostet 20 bis 30 Milliarden Euro.", 20e9, 30e9, "EUR"),
        ("Es kamen zwischen 100 und 200 Soldaten.", 100, 200, "soldiers"),
    ],
)
def test_ranges(sentence: str, value: float, value_max: float, unit: str) -> None:
    amount = only_amount(sentence)
    assert (amount.value, amount.value_max, amount.unit) == (value, value_max, unit)


def test_compounds_and_borrowed_units() -> None:
    text = (
        "Der 100-Milliarden-Euro-Fonds wächst. Die Quote stieg von 20 auf 30 Prozent. "
        "Im Februar waren es 12 Prozent mehr."
    )
    amounts = analysed(text).amounts
    assert [(a.text, a.value, a.unit, a.measure) for a in amounts] == [
        ("100-Milliarden-Euro-Fonds", 100e9, "EUR", "Fonds"),
        ("20", 20, "percent", "Quote"),
        ("30 Prozent", 30, "percent", "Quote"),
        ("12 Prozent", 12, "percent", None),
    ]


def test_numbers_whose_noun_is_left_out() -> None:
    text = (
        "Das Bündnis hat 30 Mitglieder, neun davon grenzen an das Meer. "
        "Nur 4 der 20 Staaten halfen. Dabei starben 7 Menschen, 25 weitere wurden verletzt."
    )
    amounts = analysed(text).amounts
    assert [(a.text, a.value, a.unit) for a in amounts] == [
        ("30 Mitglieder", 30, "countries"),
        ("neun", 9, "countries"),
        ("4", 4, "countries"),
        ("20 Staaten", 20, "countries"),
        ("7 Menschen", 7, "persons"),
        ("25", 25, "persons"),
    ]


def test_comparison_base_does_not_date_the_amount() -> None:
    amount = only_amount("Der Etat wuchs um 7,2 Prozent gegenüber dem Vorjahr.")
    assert (amount.value, amount.year, amount.period) == (7.2, None, None)


def test_relational_measure_spans_its_phrase() -> None:
    amount = only_amount("Der Anteil der Militärausgaben am Haushalt liegt bei 12 Prozent.")
    assert amount.measure == "Anteil der Militärausgaben am Haushalt"


def test_vague_quantities_are_no_numbers() -> None:
    amounts = analysed(
        "Tausende nordkoreanische Soldaten kämpfen. Hunderte Menschen flohen. "
        "Mehrere tausend Drohnen fehlen. Dutzende Panzer rollten, 40 Panzer blieben stehen."
    ).amounts
    assert [(a.text, a.value, a.unit) for a in amounts] == [("40 Panzer", 40, "items")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Das Treffen fand am 6. Juni 2021 statt.",
        "Die Wahl war am 05.11.2024.",
        "2024 stieg das Budget deutlich.",
        "Im Jahr 2023 war das anders.",
        "Der 65-Jährige trat zurück.",
        "Die 54-jährige Ministerin reiste ab.",
        "Die Ministerin ist 54 Jahre alt.",
        "Der General (61) widersprach.",
        "Das steht auf Seite 12 des Berichts.",
        "Artikel 5 gilt für alle.",
        "Die Analyse stützt sich auf 38 Quellen.",
        "Der Gipfel beginnt um 14 Uhr.",
        "Die Pressekonferenz begann um 9:30 Uhr.",
        "Er war der 3. Redner.",
        "Sie ist unter 030 1234567 erreichbar.",
        "Ein Soldat kam zurück.",
        "Vor drei Tagen fiel die Entscheidung.",
    ],
)
def test_skips_numbers_that_are_not_quantities(sentence: str) -> None:
    assert analysed(sentence).amounts == []


def test_measure_from_genitive_phrase_and_from_subject() -> None:
    text = (
        "Die Staaten wollen bis 2035 fünf Prozent ihres BIP ausgeben. "
        "Das Verteidigungsbudget stieg auf 462 Milliarden Dollar. "
        "Der Anteil am BIP lag bei 7 Prozent."
    )
    amounts = analysed(text).amounts
    assert [(a.text, a.measure) for a in amounts] == [
        ("fünf Prozent ihres BIP", "BIP"),
        ("462 Milliarden Dollar", "Verteidigungsbudget"),
        ("7 Prozent", "Anteil am BIP"),
    ]


def test_year_and_period_from_time_expressions() -> None:
    text = (
        "Die Staaten wollen bis 2035 fünf Prozent ihres BIP ausgeben. "
        "2024 stieg der Etat um 42 Prozent. Im vergangenen Jahr waren es 30 Prozent. "
        "Es waren 500 Soldaten."
    )
    amounts = analysed(text).amounts
    assert [(a.value, a.year, a.period) for a in amounts] == [
        (5, 2035, "bis 2035"),
        (42, 2024, "2024"),
        (30, 2023, "Im vergangenen Jahr"),
        (500, None, None),
    ]


def test_actor_from_mentions() -> None:
    text = (
        "Russlands Verteidigungsbudget stieg um 42 Prozent. "
        "Das russische Verteidigungsbudget lag bei 462 Milliarden Dollar. "
        "Deutschland gibt in Brüssel 90 Milliarden Euro aus. "
        "Dort waren 600 chinesische Soldaten."
    )
    doc = analysed(
        text,
        {
            "Russlands": ("Russia", "GPE"),
            "russische": ("Russia", "GPE"),
            "Deutschland": ("Germany", "GPE"),
            "Brüssel": ("Brussels", "GPE"),
            "chinesische": ("China", "GPE"),
        },
    )
    assert [(a.value, a.actor_name, a.actor_id) for a in doc.amounts] == [
        (42, "Russia", "kb:russia"),
        (462e9, "Russia", "kb:russia"),
        (90e9, "Germany", "kb:germany"),
        (600, "China", "kb:china"),
    ]


def test_without_mentions_no_actor() -> None:
    amount = only_amount("Russlands Verteidigungsbudget stieg um 42 Prozent.")
    assert amount.actor_id is None and amount.actor_name is None


def test_cited_by_speaker_of_enclosing_quote() -> None:
    text = "„Wir schicken 500 Soldaten“, sagte die Ministerin."
    doc = NlpStage()(Document(id="q", text=text, published=PUBLISHED))
    start = text.index("Wir")
    doc.quotes.append(
        Quote(
            doc.evidence(start, text.index("“"), "quotes"),
            text[start : text.index("“")],
            "direct",
            "x-per:anna-berger",
            "Anna Berger",
        )
    )
    amounts = find_amounts(doc)
    assert [(a.text, a.cited_by) for a in amounts] == [("500 Soldaten", "x-per:anna-berger")]


def test_spans_point_at_the_text_and_pipeline_is_deterministic() -> None:
    text = (
        "Rund 462 Milliarden Dollar gab Russland aus, knapp 89 Prozent der Chips kamen aus "
        "China, und mehr als 10.000 Soldaten zogen ab. Zwei Drittel der Mittel fehlen."
    )
    pipeline = Pipeline.build(["nlp", "dates", "amounts"])
    first = pipeline(Document(id="a", text=text, published=PUBLISHED))
    second = pipeline(Document(id="a", text=text, published=PUBLISHED))
    assert first.amounts == second.amounts
    assert len(first.amounts) == 4
    for amount in first.amounts:
        assert text[amount.evidence.start : amount.evidence.end] == amount.text
        assert amount.evidence.stage == "amounts"


def test_english_documents_are_read_by_the_english_rules() -> None:
    text = "The army moved 1,500 soldiers and spent 2 billion dollars."
    doc = NlpStage()(Document(id="en", text=text, language="en"))
    assert [(a.value, a.unit) for a in find_amounts(doc)] == [(1500, "soldiers"), (2e9, "USD")]
    doc.language = "fr"
    assert find_amounts(doc) == []  # no rules for French: nothing rather than misreadings


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        ("Die Armee schickte 800 Spezialkräfte an die Grenze.", 800, "soldiers"),
        ("Es wurden 300 Einsatzkräften Orden verliehen.", 300, "soldiers"),
        ("Der Betrieb sucht 40 Fachkräfte.", 40, "persons"),
        ("Die Behörde verhängte Strafen gegen fünf ausländische Militärs.", 5, "persons"),
    ],
)
def test_units_of_people_counted_by_their_role(sentence: str, value: float, unit: str) -> None:
    amount = only_amount(sentence)
    assert (amount.value, amount.unit) == (value, unit)


def test_a_count_of_two_kinds_of_thing_is_items_and_spans_both() -> None:
    amounts = analysed(
        "Die Liste nennt 120 Personen und Firmen. Es kamen 30 Soldaten und Zivilisten um. "
        "Verkauft wurden 12 Panzer und Haubitzen."
    ).amounts
    assert [(a.text, a.value, a.unit) for a in amounts] == [
        ("120 Personen und Firmen", 120, "items"),
        ("30 Soldaten und Zivilisten", 30, "persons"),
        ("12 Panzer und Haubitzen", 12, "items"),
    ]


def test_two_kinds_of_people_in_any_case_are_persons() -> None:
    amounts = analysed(
        "Befragt wurden 900 Frauen und Männern aus Lima. Betroffen sind 40 Kinder und Jugendliche."
    ).amounts
    assert [(a.value, a.unit) for a in amounts] == [(900, "persons"), (40, "persons")]


def test_a_second_noun_with_a_quantity_of_its_own_is_not_counted() -> None:
    amount = only_amount("Am Treffen nahmen 40 Nationen und diverse Organisationen teil.")
    assert (amount.text, amount.value, amount.unit) == ("40 Nationen", 40, "countries")


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        ("Es war das zehnte Jahr in Folge mit einem Anstieg.", 10, "years"),
        ("Der Etat wuchs im dreißigsten Jahr in Folge.", 30, "years"),
        ("Zum dritten Monat in Folge sank die Zahl.", 3, "months"),
        ("Es ist der 5. Tag in Folge mit Angriffen.", 5, "days"),
    ],
)
def test_an_ordinal_run_counts_its_time_unit(sentence: str, value: float, unit: str) -> None:
    amount = only_amount(sentence)
    assert (amount.value, amount.unit) == (value, unit)


def test_an_ordinal_without_a_run_is_no_amount() -> None:
    assert analysed("Es war das zehnte Jahr der Regierung.").amounts == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Drei Tage nach dem Einmarsch trat der Rat zusammen.",
        "Zwei Wochen vor der Wahl sprach sie in Kiel.",
        "Fünf Jahre nach Kriegsbeginn ist die Lage offen.",
    ],
)
def test_a_time_counted_from_an_event_is_a_date(sentence: str) -> None:
    assert analysed(sentence).amounts == []


def test_a_duration_before_a_clause_stays_an_amount() -> None:
    amount = only_amount("Die Verhandlungen dauerten drei Tage, nachdem der Streit begann.")
    assert (amount.value, amount.unit) == (3, "days")


def test_of_them_refers_back_to_the_count_of_an_earlier_sentence() -> None:
    amounts = analysed(
        "Dem Verband gehören 40 Staaten an. Der Etat lag bei 90 Milliarden Euro. "
        "12 von ihnen verfehlten das Ziel."
    ).amounts
    assert [(a.text, a.value, a.unit) for a in amounts] == [
        ("40 Staaten", 40, "countries"),
        ("90 Milliarden Euro", 90e9, "EUR"),
        ("12 von ihnen", 12, "countries"),
    ]


def test_a_definite_repetition_of_a_figure_is_not_a_new_amount() -> None:
    amounts = analysed(
        "Die Staaten wollen fünf Prozent ihres BIP ausgeben. Ob die fünf Prozent reichen, "
        "ist offen. Die drei Prozent der Vorjahre galten als zu wenig."
    ).amounts
    assert [(a.value, a.unit) for a in amounts] == [(5, "percent"), (3, "percent")]


def members_of(text: str, body: str | None, resources: Resources) -> list[tuple[float, str]]:
    """Amounts of ``text`` with ``body`` (a surface form of NATO in it) marked as NATO."""
    doc = DateResolver()(NlpStage()(Document(id="m", text=text, published=PUBLISHED)))
    if body is not None:
        start = text.index(body)
        doc.mentions.append(
            Mention(doc.evidence(start, start + len(body), "entities"), body, "ORG", "org:nato")
        )
    return [(a.value, a.unit) for a in AmountExtractor(resources)(doc).amounts]


def test_members_of_an_alliance_are_countries(resources: Resources) -> None:
    assert members_of("Alle 32 Nato-Mitglieder stimmten zu.", "Nato", resources) == [
        (32, "countries")
    ]
    assert members_of("Die 32 Mitglieder der Nato stimmten zu.", "Nato", resources) == [
        (32, "countries")
    ]
    text = "Laut Nato erreichten elf der 31 Mitglieder das Ziel."
    assert members_of(text, "Nato", resources) == [(11, "countries"), (31, "countries")]


def test_members_of_anything_else_are_persons(resources: Resources) -> None:
    assert members_of("Der Verein in Kassel hat 300 Mitglieder.", None, resources) == [
        (300, "persons")
    ]
