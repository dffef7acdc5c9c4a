import pytest

from lagebild.model import Document
from lagebild.pipeline import Pipeline, PipelineConfigError, Resources, check_order, load_stage


class _Stage:
    def __init__(self, name: str, assigns: tuple[str, ...], requires: tuple[str, ...]) -> None:
        self.name, self.assigns, self.requires = name, assigns, requires
        self.seen: list[str] = []

    def __call__(self, doc: Document) -> Document:
        self.seen.append(doc.id)
        return doc


def test_check_order_rejects_unmet_requirement() -> None:
    with pytest.raises(PipelineConfigError, match=r"requires tokens"):
        check_order([_Stage("quotes", ("quotes",), ("tokens",))])
    check_order([_Stage("nlp", ("tokens",), ()), _Stage("quotes", ("quotes",), ("tokens",))])


def test_unknown_stage_names_the_known_ones() -> None:
    with pytest.raises(PipelineConfigError, match=r"unknown stage .nope.*nlp"):
        load_stage("nope", Resources())


def test_pipeline_skips_unsupported_languages_and_records_assigned() -> None:
    stage = _Stage("nlp", ("tokens",), ())
    pipeline = Pipeline([stage])
    french = pipeline(Document("doc_fr", "Bonjour", language="fr"))
    german = pipeline(Document("doc_de", "Guten Tag", language="de"))
    assert stage.seen == ["doc_de"]
    assert french.assigned == set() and german.assigned == {"tokens"}
    assert "nlp" in pipeline.timings
