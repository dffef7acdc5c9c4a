"""Every label of the dashboard in German (the default) and English, in one table.

The language comes from ``?lang=de|en``, which the pages remember in a cookie, else from
that cookie, else German. Templates call ``t("key")``; scripts get the labels they need
through the page's ``data-labels`` attribute.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from lagebild.model import PLOVER_TYPES

LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"
COOKIE = "lagebild_lang"

#: key -> (German, English)
LABELS: dict[str, tuple[str, str]] = {
    # navigation and frame
    "app.tagline": (
        "Sicherheitspolitische Lage aus Nachrichten",
        "Security-policy picture from news",
    ),
    "nav.lage": ("Lage", "Overview"),
    "nav.netzwerk": ("Netzwerk", "Network"),
    "nav.zitate": ("Zitate", "Quotes"),
    "nav.zahlen": ("Zahlen", "Figures"),
    "nav.api": ("API", "API"),
    "lang.switch": ("English", "Deutsch"),
    "page.lage": ("Lage", "Overview"),
    "page.netzwerk": ("Akteursnetzwerk", "Actor network"),
    "page.akteur": ("Akteur", "Actor"),
    "page.zitate": ("Zitate", "Quotes"),
    "page.artikel": ("Artikel", "Article"),
    "page.zahlen": ("Zahlen", "Figures"),
    # common
    "csv": ("CSV herunterladen", "Download CSV"),
    "apply": ("Anwenden", "Apply"),
    "reset": ("Zurücksetzen", "Reset"),
    "search": ("Suchen", "Search"),
    "since": ("Von", "From"),
    "until": ("Bis", "To"),
    "period": ("Zeitraum", "Period"),
    "all": ("alle", "all"),
    "any": ("beliebig", "any"),
    "none.found": ("Keine Einträge.", "Nothing found."),
    "prev": ("← Zurück", "← Previous"),
    "next": ("Weiter →", "Next →"),
    "page.n": ("Seite", "Page"),
    "date": ("Datum", "Date"),
    "article": ("Artikel", "Article"),
    "outlet": ("Medium", "Outlet"),
    "title": ("Titel", "Title"),
    "actor": ("Akteur", "Actor"),
    "type": ("Typ", "Type"),
    "kind": ("Art", "Kind"),
    "documents": ("Artikel", "Articles"),
    # independent sources: near-copies of one article count once (docs/monitoring.md)
    "sources": ("Quellen", "Sources"),
    "sources.one": ("Quelle", "source"),
    "sources.n": ("Quellen", "sources"),
    "mentions": ("Nennungen", "Mentions"),
    "relations": ("Relationen", "Relations"),
    "quotes": ("Zitate", "Quotes"),
    "amounts": ("Zahlen", "Figures"),
    "entities": ("Akteure", "Actors"),
    "dates": ("Zeitangaben", "Dates"),
    "speaker": ("Sprecher", "Speaker"),
    "quote": ("Zitat", "Quote"),
    "direct": ("direkt", "direct"),
    "indirect": ("indirekt", "indirect"),
    "asserted": ("festgestellt", "asserted"),
    "claimed": ("behauptet", "claimed"),
    "claimed.by": ("behauptet von", "claimed by"),
    "source": ("Quelle", "Source"),
    "target": ("Ziel", "Target"),
    "evidence": ("Beleg", "Evidence"),
    "unknown.speaker": ("unbekannt", "unknown"),
    "period.7": ("7 Tage", "7 days"),
    "period.30": ("30 Tage", "30 days"),
    "period.365": ("12 Monate", "12 months"),
    "period.all": ("Gesamt", "All time"),
    # Lage
    "lage.counts": ("Bestand im Zeitraum", "In the period"),
    "lage.newest": ("Neueste Artikel", "Newest articles"),
    "lage.actors": ("Aktivste Akteure", "Most active actors"),
    "lage.quotes": ("Neueste Zitate", "Latest quotes"),
    "lage.relations": ("Stärkste neue Relationen", "Strongest new relations"),
    "lage.relations.hint": (
        "Akteurspaare, über die vor dem Zeitraum kein Artikel berichtete, nach Zahl der Artikel",
        "Actor pairs no article reported before the period, by number of articles",
    ),
    "lage.empty": (
        "Die Datenbank ist leer. Mit „lagebild demo“ oder „lagebild ingest“ füllen.",
        "The database is empty. Fill it with `lagebild demo` or `lagebild ingest`.",
    ),
    # Netzwerk
    "net.types": ("Relationstypen", "Relation types"),
    "net.kinds": ("Akteursarten", "Actor kinds"),
    "net.status": ("Status", "Status"),
    "net.both": ("festgestellt und behauptet", "asserted and claimed"),
    "net.asserted": ("nur festgestellt", "asserted only"),
    "net.claimed": ("nur behauptet", "claimed only"),
    "net.time": ("Zeitfenster", "Time window"),
    "net.legend": (
        "Größe: Nennungen · Stärke: unabhängige Artikel",
        "Size: mentions · Width: independent articles",
    ),
    "net.hint": (
        "Knoten anklicken öffnet den Akteur, Kante anklicken zeigt die Belege.",
        "Click a node to open the actor, click an edge for its evidence.",
    ),
    "net.summary": ("{nodes} Akteure, {edges} Kanten", "{nodes} actors, {edges} edges"),
    "net.loading": ("Lädt …", "Loading …"),
    "net.empty": ("Keine Relationen für diese Filter.", "No relations for these filters."),
    "net.evidence": ("Belege", "Evidence"),
    "net.evidence.hint": (
        "Kante anklicken, um die Belegsätze zu sehen.",
        "Click an edge to see its evidence sentences.",
    ),
    "net.select.all": ("alle", "all"),
    "net.select.none": ("keine", "none"),
    "net.error": ("Netzwerk konnte nicht geladen werden.", "The network could not be loaded."),
    # Akteur
    "actor.aliases": ("Auch genannt", "Also called"),
    "actor.roles": ("Ämter", "Offices"),
    "actor.role": ("Amt", "Office"),
    "actor.of": ("von", "of"),
    "actor.from": ("seit", "from"),
    "actor.to": ("bis", "to"),
    "actor.ongoing": ("heute", "present"),
    "actor.timeline": ("Relationen im Zeitverlauf", "Relations over time"),
    "actor.out": ("ausgehend (Akteur handelt)", "outgoing (actor acts)"),
    "actor.in": ("eingehend (Akteur ist Ziel)", "incoming (actor is target)"),
    "actor.quotes.by": ("Zitate des Akteurs", "Quotes by the actor"),
    "actor.quotes.about": ("Zitate über den Akteur", "Quotes about the actor"),
    "actor.amounts": ("Zahlen zum Akteur", "Figures about the actor"),
    "actor.relations": ("Neueste Relationen", "Latest relations"),
    "actor.provisional": ("nicht in der Wissensbasis", "not in the knowledge base"),
    "actor.network": ("im Netzwerk zeigen", "show in network"),
    "actor.none": ("Kein Akteur mit dieser Kennung.", "No actor with this id."),
    # Zitate
    "quotes.q": ("Volltext", "Full text"),
    "quotes.q.placeholder": ("Wörter im Zitat", "Words in the quote"),
    "quotes.speaker.placeholder": ("Name oder Kennung", "Name or id"),
    "quotes.found": ("Treffer", "results"),
    # Artikel
    "doc.original": ("Original", "Original"),
    "doc.author": ("Autor", "Author"),
    "doc.language": ("Sprache", "Language"),
    "doc.facts": ("Fakten im Text", "Facts in the text"),
    "doc.facts.hint": (
        "Eintrag anklicken: Textstelle wird markiert.",
        "Click an entry to highlight its span.",
    ),
    "doc.layers": ("Hervorhebungen", "Highlights"),
    "doc.none": ("Kein Artikel mit dieser Kennung.", "No article with this id."),
    "doc.json": ("Als JSON", "As JSON"),
    # Zahlen
    "amt.value": ("Wert", "Value"),
    "amt.unit": ("Einheit", "Unit"),
    "amt.measure": ("Messgröße", "Measure"),
    "amt.year": ("Jahr", "Year"),
    "amt.text": ("Textstelle", "Text"),
    "amt.chart": ("Verlauf je Messgröße", "Measure over time"),
    "amt.chart.hint": (
        "Werte nach Erscheinungsdatum des Artikels",
        "Values by the article's publication date",
    ),
    "amt.approx": ("ca.", "approx."),
    # Alarme and Veränderungen (monitoring)
    "nav.alarme": ("Alarme", "Alerts"),
    "nav.geschichten": ("Geschichten", "Stories"),
    "page.geschichten": ("Geschichten", "Stories"),
    "page.geschichte": ("Geschichte", "Story"),
    "stories.hint": (
        "Artikel über dasselbe Ereignis, nach unabhängigen Quellen (Kopien eines "
        "Agenturtexts zählen einmal)",
        "Articles about the same event, by independent sources (copies of one agency text "
        "count once)",
    ),
    "stories.min": ("Mindestens Artikel", "Minimum articles"),
    "stories.first": ("Erster Artikel", "First article"),
    "stories.last": ("Letzter Artikel", "Last article"),
    "stories.outlets": ("Medien", "Outlets"),
    "stories.actors": ("Hauptakteure", "Main actors"),
    "stories.articles": ("Artikel der Geschichte", "Articles of the story"),
    "stories.quotes": ("Zitate", "Quotes"),
    "stories.relations": ("Relationen", "Relations"),
    "stories.joined": ("Zugeordnet", "Joined"),
    "stories.joined.new": ("erster Artikel", "first article"),
    "stories.joined.similar": ("ähnlich", "similar"),
    "stories.joined.copy": ("Kopie", "copy"),
    "stories.empty": (
        "Keine Geschichten im Zeitraum. Geschichten entstehen beim Einlesen; ältere "
        "Datenbanken mit „lagebild cluster-stories“ nachholen.",
        "No stories in the period. Stories are made at ingest; for older databases run "
        "`lagebild cluster-stories`.",
    ),
    "story.none": ("Keine Geschichte mit dieser Kennung.", "No story with this id."),
    "nav.veraenderungen": ("Veränderungen", "Changes"),
    "page.alarme": ("Alarme", "Alerts"),
    "page.veraenderungen": ("Veränderungen", "Changes"),
    "alerts.fired": ("Ausgelöst (UTC)", "Fired (UTC)"),
    "alerts.rule": ("Regel", "Rule"),
    "alerts.message": ("Meldung", "Message"),
    "alerts.kind.relation": ("Relation", "Relation"),
    "alerts.kind.quote": ("Zitat", "Quote"),
    "alerts.kind.surge": ("Häufung", "Surge"),
    "alerts.empty": (
        "Noch keine Alarme. Regeln werden mit „--alerts DATEI“ bei „lagebild ingest“ oder "
        "„lagebild watch“ geprüft.",
        "No alerts yet. Rules are checked by `lagebild ingest` or `lagebild watch` with "
        "`--alerts FILE`.",
    ),
    "changes.granularity": ("Zeitraum", "Period"),
    "changes.week": ("Woche", "Week"),
    "changes.month": ("Monat", "Month"),
    "changes.at": ("Tag im Zeitraum", "Day in the period"),
    "changes.previous": ("← voriger Zeitraum", "← previous period"),
    "changes.next": ("nächster Zeitraum →", "next period →"),
    "changes.compared": ("verglichen mit", "compared with"),
    "changes.sources": ("unabhängige Quellen", "independent sources"),
    "changes.sources.hint": (
        "Quellen: Kopien eines Agenturtexts zählen einmal.",
        "Sources: copies of one agency text count once.",
    ),
    "changes.strengths": ("Stärkste Beziehungen", "Strongest relations"),
    "changes.before": ("davor", "before"),
    "changes.first_seen": ("Erstmals gemeldet", "First reported"),
    "changes.first_seen.hint": (
        "Akteurspaar und Typ, über die vor diesem Zeitraum nie berichtet wurde",
        "Actor pair and type never reported before this period",
    ),
    "changes.first_day": ("erster Tag", "first day"),
    "changes.blocs": ("Blöcke", "Blocs"),
    "changes.blocs.hint": (
        "Gemeinschaften im Kooperationsgraphen (Kooperation, Hilfe, Unterstützung, Einigung, "
        "Beratung), gewichtet nach unabhängigen Quellen",
        "Communities of the cooperation graph (cooperate, aid, support, agree, consult), "
        "weighted by independent sources",
    ),
    "changes.members": ("Mitglieder", "Members"),
    "changes.weight": ("Gewicht", "Weight"),
    "changes.rising": ("Aufsteigende Akteure", "Rising actors"),
    "changes.rising.hint": (
        "Anteil an den Berichten des Zeitraums, verglichen mit dem Zeitraum davor",
        "Share of the period's reports, compared with the period before",
    ),
    "changes.share": ("Anteil", "Share"),
    "changes.contradictions": ("Widersprüche", "Contradictions"),
    "changes.contradictions.hint": (
        "Zitate, die einer früheren Aussage desselben Sprechers zum selben Thema "
        "widersprechen (gegensätzliche Relation oder Verneinung derselben Aussage)",
        "Quotes contradicting an earlier statement of the same speaker on the same topic "
        "(an opposite relation, or the same statement negated)",
    ),
    "changes.earlier": ("früher", "earlier"),
    "changes.later": ("jetzt", "now"),
    "changes.reason": ("Grund", "Reason"),
    "changes.topic": ("Thema", "Topic"),
    "changes.figures": ("Abweichende Zahlen", "Differing figures"),
    "changes.figures.hint": (
        "Dieselbe Messgröße desselben Akteurs mit verschiedenen Werten in verschiedenen Medien",
        "The same measure of the same actor with different values in different outlets",
    ),
    "changes.empty": ("Keine Artikel in der Datenbank.", "No articles in the database."),
    # entity kinds
    "kind.PER": ("Personen", "People"),
    "kind.ORG": ("Organisationen", "Organisations"),
    "kind.GPE": ("Staaten", "States"),
    "kind.LOC": ("Orte", "Places"),
    "kind.OTH": ("Sonstige", "Other"),
    # errors
    "error.title": ("Fehler", "Error"),
    "error.back": ("Zur Lage", "Back to the overview"),
    "error.period": (
        "Ungültiger Zeitraum (Datum als JJJJ-MM-TT, Beginn vor Ende).",
        "Invalid period (dates as YYYY-MM-DD, start before end).",
    ),
    "error.notfound": ("Seite nicht gefunden.", "Page not found."),
    "error.input": ("Ungültige Angabe in der Adresse.", "Invalid parameter in the address."),
}

#: PLOVER types in German and English
RELATION_LABELS: dict[str, tuple[str, str]] = {
    "AGREE": ("Einigung", "Agree"),
    "CONSULT": ("Beratung", "Consult"),
    "SUPPORT": ("Unterstützung", "Support"),
    "CONCEDE": ("Zugeständnis", "Concede"),
    "COOPERATE": ("Kooperation", "Cooperate"),
    "AID": ("Hilfe", "Aid"),
    "RETREAT": ("Rückzug", "Retreat"),
    "REQUEST": ("Forderung", "Request"),
    "ACCUSE": ("Vorwurf", "Accuse"),
    "REJECT": ("Ablehnung", "Reject"),
    "THREATEN": ("Drohung", "Threaten"),
    "PROTEST": ("Protest", "Protest"),
    "SANCTION": ("Sanktion", "Sanction"),
    "MOBILIZE": ("Mobilisierung", "Mobilize"),
    "COERCE": ("Zwang", "Coerce"),
    "ASSAULT": ("Angriff", "Assault"),
}
assert set(RELATION_LABELS) == set(PLOVER_TYPES)

#: knowledge-base role keys; others are shown with their key, underscores as spaces
ROLE_LABELS: dict[str, tuple[str, str]] = {
    "head_of_state": ("Staatsoberhaupt", "Head of state"),
    "head_of_government": ("Regierungschef/in", "Head of government"),
    "foreign_minister": ("Außenminister/in", "Foreign minister"),
    "defence_minister": ("Verteidigungsminister/in", "Defence minister"),
    "secretary_general": ("Generalsekretär/in", "Secretary general"),
    "vice_president": ("Vizepräsident/in", "Vice president"),
    "president": ("Präsident/in", "President"),
    "finance_minister": ("Finanzminister/in", "Finance minister"),
    "chief_of_defence": ("Generalstabschef/in", "Chief of defence"),
    "vice_chancellor": ("Vizekanzler/in", "Vice chancellor"),
    "interior_minister": ("Innenminister/in", "Interior minister"),
    "spokesperson": ("Sprecher/in", "Spokesperson"),
    "high_representative": ("Hohe/r Vertreter/in", "High representative"),
    "commission_president": ("Kommissionspräsident/in", "Commission president"),
    "council_president": ("Ratspräsident/in", "Council president"),
    "national_security_advisor": ("Sicherheitsberater/in", "National security advisor"),
    "intelligence_chief": ("Geheimdienstchef/in", "Intelligence chief"),
    "commander": ("Befehlshaber/in", "Commander"),
}

#: the labels the scripts need (passed through ``data-labels``)
SCRIPT_LABELS = (
    "net.summary",
    "net.loading",
    "net.empty",
    "net.evidence.hint",
    "net.error",
    "asserted",
    "claimed",
    "claimed.by",
    "documents",
    "actor.out",
    "actor.in",
    "amt.value",
    "none.found",
)

Translate = Callable[[str], str]


def choose_language(query_value: str | None, cookie_value: str | None) -> str:
    for value in (query_value, cookie_value):
        if value in LANGUAGES:
            return value
    return DEFAULT_LANGUAGE


def translator(language: str) -> Translate:
    index = LANGUAGES.index(language)

    def translate(key: str) -> str:
        return LABELS[key][index]  # a missing key fails loudly: tests render every page

    return translate


def relation_labels(language: str) -> dict[str, str]:
    index = LANGUAGES.index(language)
    return {key: labels[index] for key, labels in RELATION_LABELS.items()}


def role_label(role: str, language: str) -> str:
    labels = ROLE_LABELS.get(role)
    return labels[LANGUAGES.index(language)] if labels else role.replace("_", " ")


def script_labels(language: str) -> Mapping[str, str]:
    translate = translator(language)
    return {key: translate(key) for key in SCRIPT_LABELS} | {
        f"rel.{key}": label for key, label in relation_labels(language).items()
    }
