"""lagebild: German security-policy news in, evidence-linked knowledge graph out."""

__version__ = "0.1.0"
