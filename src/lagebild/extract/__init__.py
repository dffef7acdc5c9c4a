"""Extractor stages: one module per stage (entities, quotes, relations, amounts, dates)."""
