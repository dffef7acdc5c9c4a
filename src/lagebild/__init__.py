"""lagebild: German security-policy news in, evidence-linked knowledge graph out."""

import os

__version__ = "0.1.0"

# lagebild scales by processes, one per core (runner.py, Spark); numpy's BLAS threads would
# busy-wait for cores the other workers hold and made NER tagging several times slower. Set
# before numpy is first imported; an explicit setting in the environment wins.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")
