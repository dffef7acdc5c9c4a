"""The store: schema, migrations and the repository (the only SQL writer).

``Store.open(url)`` connects and migrates; ``Store.save(doc)`` writes one
processed document in one transaction; the query methods return the frozen
rows of :mod:`lagebild.store.rows`.
"""

from lagebild.store.repository import Store, StoreError
from lagebild.store.rows import (
    ActorRow,
    AmountRow,
    Counts,
    DateSpan,
    DocumentRow,
    EntityRow,
    MeasureRow,
    OutletRow,
    QuoteRow,
    RelationFact,
    RelationRow,
    RelationStrength,
    SpeakerRow,
    TimelinePoint,
)

__all__ = [
    "ActorRow",
    "AmountRow",
    "Counts",
    "DateSpan",
    "DocumentRow",
    "EntityRow",
    "MeasureRow",
    "OutletRow",
    "QuoteRow",
    "RelationFact",
    "RelationRow",
    "RelationStrength",
    "SpeakerRow",
    "Store",
    "StoreError",
    "TimelinePoint",
]
