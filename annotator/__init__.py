"""annotator: tag claims, speakers and stances in news articles.

The public API is Qt-free; the desktop window lives in annotator.ui and is
imported only by the `gui` command.
"""

from importlib.metadata import PackageNotFoundError, version

from annotator.core.model import Change, Document, Entity, Layer, Relation, Span, Stance
from annotator.core.schema import Schema, load_schema
from annotator.core.store import Store, StoreError

try:
    __version__ = version("annotator")
except PackageNotFoundError:  # run from a checkout that was never installed
    __version__ = "0+unknown"

__all__ = [
    "Change",
    "Document",
    "Entity",
    "Layer",
    "Relation",
    "Schema",
    "Span",
    "Stance",
    "Store",
    "StoreError",
    "load_schema",
]
