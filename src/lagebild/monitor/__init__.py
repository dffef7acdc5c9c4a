"""Monitoring: watch feeds continuously and ingest what is new (``lagebild watch``)."""
