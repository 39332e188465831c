"""Language packs: everything language-specific behind one interface.

A pack names the trained spaCy pipeline and the folder of data files
(lexicons, aliases, trigger lists) for one language. Components receive a
language code and ask the pack for their files, so adding English means adding
``models/en_kroniek`` and ``data/en/``, not touching component code.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Optional

PACKAGE_DIR = Path(__file__).resolve().parent
MODELS_DIR = PACKAGE_DIR / "models"
DATA_DIR = PACKAGE_DIR / "data"


@dataclass(frozen=True)
class LanguagePack:
    code: str

    @property
    def model_path(self) -> Path:
        return MODELS_DIR / f"{self.code}_kroniek"

    @property
    def data_dir(self) -> Path:
        return DATA_DIR / self.code

    def data(self, name: str) -> Path:
        """Path of a language data file; shared (language-independent) files live in ``data/``."""
        p = self.data_dir / name
        return p if p.exists() else DATA_DIR / name

    @cached_property
    def settings(self) -> dict:
        """``data/<lang>/language.json``: facts about the language's news (e.g. its home country)."""
        p = self.data_dir / "language.json"
        return json.loads(p.read_text(encoding="utf8")) if p.exists() else {}

    @property
    def home_country(self) -> Optional[str]:
        """ISO alpha-3 of the country a domestic actor acts for when the article names none."""
        return self.settings.get("home_country")


SUPPORTED = ("nl", "en")


def get_pack(code: str) -> LanguagePack:
    if code not in SUPPORTED:
        raise ValueError(f"language {code!r} is not supported yet (supported: {', '.join(SUPPORTED)})")
    return LanguagePack(code)
