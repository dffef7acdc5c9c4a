"""Data migrations: what they change in rows stored by earlier versions."""

from __future__ import annotations

import dataclasses
import datetime as dt

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from store_articles import ArticleBuilder

from lagebild.store import Store
from lagebild.store import schema as t
from lagebild.store.repository import MIGRATIONS

PUBLISHED = dt.date(2025, 6, 25)


def test_quotes_dated_after_their_article_get_its_publication_date(db_url: str) -> None:
    text = "Karin Olsen sagte, bis 2035 müsse mehr geschehen. Sie sagte auch: „Es reicht.“"
    article = ArticleBuilder(text, published=PUBLISHED)
    article.entity("per_olsen", "Karin Olsen", "PER")
    article.quote("bis 2035 müsse mehr geschehen", "per_olsen", kind="indirect")
    article.quote("Es reicht.", "per_olsen")
    doc = article.doc
    doc.quotes[0] = dataclasses.replace(doc.quotes[0], date=dt.date(2035, 12, 31))
    doc.quotes[1] = dataclasses.replace(doc.quotes[1], date=dt.date(2025, 6, 24))
    with Store.open(db_url) as store:
        store.save(doc)
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with store.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0005_graph_aggregates")
    with Store.open(db_url) as upgraded:  # runs 0006 on the stored quotes
        query = sa.select(t.quotes.c.text, t.quotes.c.date, t.quotes.c.effective_date)
        with upgraded.engine.connect() as conn:
            rows = {text: (date, effective) for text, date, effective in conn.execute(query)}
    assert rows == {
        "bis 2035 müsse mehr geschehen": (PUBLISHED, PUBLISHED),
        "Es reicht.": (dt.date(2025, 6, 24), dt.date(2025, 6, 24)),
    }
