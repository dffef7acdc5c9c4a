"""The web layer: the REST API (``/api/v1``) over the store's query functions.

No SQL here: every endpoint calls a :class:`lagebild.store.Store` method or an
:mod:`lagebild.analysis` function and serialises the rows it returns.
"""
