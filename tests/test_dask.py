"""Extraction on a Dask cluster gives byte-identical results to the local engine."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from pipeline import engine
from pipeline.engine import cluster as dask_executor
from pipeline.engine import tuning
from pipeline.cache import Cache
from pipeline.config import Settings
from pipeline.errors import AnnalistError
from pipeline.records import to_jsonable

ROOT = Path(__file__).resolve().parent.parent


def test_dask_missing_names_the_extra(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    with pytest.raises(AnnalistError) as info:
        dask_executor.import_distributed()
    assert info.value.code == "E150"
    assert "pip install .[dask]" in str(info.value)


def test_dask_unreachable_scheduler_says_how_to_start_one(monkeypatch, tmp_path) -> None:
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    (tmp_path / "a.txt").write_text("Napoleon met Alexander.", encoding="utf-8")
    monkeypatch.setattr(tuning, "DASK_CONNECT_TIMEOUT", 2)
    with pytest.raises(AnnalistError) as info:
        engine.run([tmp_path / "a.txt"], corpus_root=tmp_path, settings=Settings(), cache=None,
                   scheduler=f"tcp://127.0.0.1:{port}", progress=False)
    assert info.value.code == "E151" and "dask scheduler" in info.value.message


@pytest.fixture(scope="module")
def real_corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("dask") / "corpus"
    shutil.copytree(ROOT / "corpus", root)
    (root / "empty.txt").write_bytes(b"")
    return root


@pytest.fixture(scope="module")
def cluster():
    # Dask is an optional extra for users but part of the test extra: a missing one fails.
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, protocol="tcp") as local:
        yield local


def _paths(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_file() and p.name != "sources.csv")


def _entries(cache: Cache) -> dict[str, bytes]:
    return {key: path.read_bytes() for layer in ("extract",) for key, path in cache.keys(layer)}


@pytest.mark.slow
def test_dask_results_identical_to_local_engine(cluster, real_corpus, tmp_path) -> None:
    paths = _paths(real_corpus)
    settings = Settings()
    local_cache, dask_cache = Cache(tmp_path / "local"), Cache(tmp_path / "dask")
    local = engine.run(paths, corpus_root=real_corpus, settings=settings, cache=local_cache,
                       workers=1, progress=False)
    remote = engine.run(paths, corpus_root=real_corpus, settings=settings, cache=dask_cache,
                        scheduler=cluster.scheduler_address, progress=False)
    assert remote.executor.startswith("dask:")
    assert remote.n_parsed == len(paths) - 1  # all but the empty file ran the model
    assert [to_jsonable(r) for r in remote.results] == [to_jsonable(r) for r in local.results]
    assert remote.states == local.states
    # The client wrote the cache: the same entries, byte for byte.
    assert _entries(dask_cache) == _entries(local_cache)
    warm = engine.run(paths, corpus_root=real_corpus, settings=settings, cache=dask_cache,
                      scheduler=cluster.scheduler_address, progress=False)
    assert warm.n_cached == len(paths) and warm.n_parsed == 0


@pytest.mark.slow
def test_dask_output_files_identical_to_local(cluster, real_corpus, tmp_path) -> None:
    from pipeline import run

    settings = Settings()
    files = {}
    for name, kw in {"local": {"workers": 1}, "dask": {"scheduler": cluster.scheduler_address}}.items():
        out = tmp_path / name
        run.extract_corpus(real_corpus, out, settings=settings, cache_dir=None,
                           progress=False, **kw)
        files[name] = {p.relative_to(out).as_posix(): p.read_bytes()
                       for p in sorted(out.rglob("*")) if p.is_file()}
    assert files["dask"].keys() == files["local"].keys()
    differing = [name for name in files["local"] if files["local"][name] != files["dask"][name]]
    assert differing == []


@pytest.mark.slow
def test_dask_worker_with_other_versions_is_refused(cluster, real_corpus) -> None:
    from distributed import Client

    def bump(version: str) -> None:
        from pipeline.stages import nlp

        nlp.VERSION = version

    from pipeline.stages import nlp

    with Client(cluster.scheduler_address) as client:
        client.run(bump, "not-the-client's")
        try:
            with pytest.raises(AnnalistError) as info:
                engine.run(_paths(real_corpus), corpus_root=real_corpus, settings=Settings(),
                           cache=None, scheduler=cluster.scheduler_address, progress=False)
        finally:
            client.run(bump, nlp.VERSION)
    assert info.value.code == "E154"
    assert "Install the same Annalist" in info.value.message
