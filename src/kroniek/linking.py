"""Cross-article linking now lives in the store package (``kroniek.store.linking``).

Why this module remains: existing imports (``from kroniek import linking``,
``from .linking import norm``) keep working, and they get the very same module
object, so patching ``kroniek.linking`` patches what the writer calls.
"""
import sys

from .store import linking as _linking

sys.modules[__name__] = _linking
