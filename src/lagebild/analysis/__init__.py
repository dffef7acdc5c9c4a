"""Analysis over the stored knowledge graph (reads the store, never writes SQL)."""
