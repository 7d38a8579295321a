"""Cache-key versions: everything besides a document's bytes that its cache keys hold.

Found without loading the spaCy model, so an all-cached run never imports spaCy.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import cache as cache_mod
from pipeline import lang
from pipeline.config import DEFAULT_MODEL, FALLBACK_MODEL, Settings


@dataclass(frozen=True)
class Versions:
    """Everything besides a document's own bytes that goes into its cache keys."""

    model: str
    nlp: str
    spacy: str
    settings: str
    extract: dict[str, str]
    readers: dict[str, str] = field(default_factory=dict)  # suffix -> version, when known
    language: str = ""  # fingerprint of pipeline/lang's word lists

    def reader_for(self, path: str) -> str:
        suffix = Path(path).suffix.lower()
        if suffix in self.readers:
            return self.readers[suffix]
        # Unknown suffix (the reader will refuse it) or no registry: all readers' versions.
        return json.dumps(self.readers, sort_keys=True)

    def keys(self, *, rel: str, sha256: str, row: dict[str, str] | None) -> tuple[str, str]:
        """``(parse_key, extract_key)`` of one document."""
        pk = cache_mod.parse_key(
            path=rel, sha256=sha256, reader=self.reader_for(rel), manifest_row=row,
            model=self.model, nlp_version=self.nlp, spacy_version=self.spacy,
            settings=self.settings, language=self.language,
        )
        return pk, cache_mod.extract_key(pk, self.extract)


def versions(settings: Settings) -> Versions:
    """The versions for ``settings``, found without loading the spaCy model."""
    nlp_version, extract_versions = _stage_versions()
    return Versions(
        model=model_fingerprint(settings.model),
        nlp=nlp_version,
        spacy=package_version("spacy"),
        settings=settings.fingerprint(),
        extract=dict(extract_versions),
        readers=_reader_versions(),
        language=lang.fingerprint(),
    )


def package_version(name: str) -> str:
    """An installed distribution's version, or "unknown"."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _stage_versions() -> tuple[str, dict[str, str]]:
    """The nlp stage's version and every extraction stage's version."""
    from pipeline.document import EXTRACT_VERSIONS
    from pipeline.stages import nlp as nlp_stage

    return nlp_stage.VERSION, dict(EXTRACT_VERSIONS)


def model_fingerprint(name: str) -> str:
    """``en_core_web_sm@3.8.0`` for the pipeline ``load_model(name)`` would load.

    Read from the package's ``meta.json`` so an all-cached run never imports the model;
    same value as ``pipeline.stages.nlp.model_fingerprint(nlp)``.
    """
    candidates = [name] + ([FALLBACK_MODEL] if name == DEFAULT_MODEL else [])
    for candidate in candidates:
        meta_path = None
        if Path(candidate).is_dir():
            meta_path = Path(candidate) / "meta.json"
        else:
            try:
                spec = importlib.util.find_spec(candidate)
            except (ImportError, ValueError):
                spec = None
            if spec is not None and spec.submodule_search_locations:
                meta_path = Path(next(iter(spec.submodule_search_locations))) / "meta.json"
        if meta_path is not None and meta_path.is_file():
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}@{meta.get('version', '0')}"
    return f"{name}@not-installed"


def _reader_versions() -> dict[str, str]:
    """``{".txt": "markdown@1+text@1", …}``: every reader a suffix can be read with.

    A ``.txt`` file with front matter is read as markdown, so its key holds both readers'
    versions; bumping either recomputes it, and nothing has to be decoded to know.
    """
    from pipeline.readers import known_suffixes, reader_for

    front_matter = "---\ntitle: x\n---\n"
    out = {}
    for suffix in known_suffixes():
        modules = {reader_for(suffix, ""), reader_for(suffix, front_matter)} - {None}
        out[suffix.lower()] = "+".join(sorted(f"{m.NAME}@{m.VERSION}" for m in modules))
    return out
