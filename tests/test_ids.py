from lagebild.ids import annotation_id, document_id, provisional_entity_id, slugify


def test_document_id_ignores_layout_differences_only() -> None:
    text = "Die Nato warnt.\nRussland rüstet auf."
    assert document_id(text) == document_id("  Die Nato   warnt.\r\nRussland rüstet auf.\n")
    assert document_id(text) != document_id("Die Nato warnt.\nChina rüstet auf.")
    assert document_id(text).startswith("doc_")


def test_document_id_unifies_unicode_normal_forms() -> None:
    composed = "Gespr\u00e4ch"
    decomposed = "Gespra\u0308ch"
    assert document_id(composed) == document_id(decomposed)


def test_annotation_id_depends_on_every_part() -> None:
    base = annotation_id("doc_1", "quote", 3, 9)
    assert base == annotation_id("doc_1", "quote", 3, 9)
    assert base.startswith("quo_")
    assert (
        len(
            {
                base,
                annotation_id("doc_2", "quote", 3, 9),
                annotation_id("doc_1", "quote", 3, 10),
                annotation_id("doc_1", "amount", 3, 9),
            }
        )
        == 4
    )


def test_slugify_transliterates_german_names() -> None:
    assert slugify("Wladimir Putin") == "wladimir-putin"
    assert slugify("Außenministerin Baerbock") == "aussenministerin-baerbock"
    assert slugify("Erdoğan") == "erdogan"
    assert slugify("!!!")  # never empty


def test_provisional_entity_id_is_typed() -> None:
    assert provisional_entity_id("PER", "Anna Beispiel") == "x-per:anna-beispiel"
