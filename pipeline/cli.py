"""Command line: parse options, call the library, print, exit. Nothing else lives here."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline import __version__
from pipeline.config import DEFAULT_MODEL, MAX_FILE_BYTES, MAX_NLP_CHARS, Settings
from pipeline import errors
from pipeline.errors import AnnalistError

DEFAULT_CACHE = Path(".annalist-cache")

# Exit statuses, one meaning each, so scripts can tell why a command stopped.
EXIT_INVALID = 1  # `annalist validate` found problems
EXIT_ERROR = 2  # an AnnalistError (any code, E1xx to E3xx) stopped the command
EXIT_STRICT = 3  # --strict, and some documents failed or were skipped


class _Annalist(click.Group):
    """The command group; every command's AnnalistError leaves through :meth:`invoke`."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except AnnalistError as error:
            click.echo(f"error {error}", err=True)
            ctx.exit(EXIT_ERROR)


def _cache_dir(cache: Path, no_cache: bool) -> Path | None:
    return None if no_cache else cache


@click.group(name="annalist", cls=_Annalist,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="annalist")
def main() -> None:
    """Annalist turns a folder of source documents into a citable event dataset.

    Every row of outputs/*.csv leads back to the exact words in the exact file that
    support it. Start with `annalist extract`, then open outputs/report.html.
    """


corpus_option = click.option(
    "--corpus", type=click.Path(path_type=Path), default=Path("corpus"), show_default=True,
    help="Folder of documents (.txt, .md, .html) and an optional sources.csv manifest.",
)
cache_option = click.option(
    "--cache", type=click.Path(path_type=Path), default=DEFAULT_CACHE, show_default=True,
    help="Per-document cache; re-runs only redo documents that changed.",
)
model_option = click.option(
    "--model", default=DEFAULT_MODEL, show_default=True,
    help="Installed spaCy pipeline to use, e.g. en_core_web_trf.",
)


def ecbplus_options(command):
    """GOLD_DIR, --topics, --workers and --model: what every ECB+ evaluation takes."""
    command = model_option(command)
    command = click.option("--workers", type=int, default=None,
                           help="Worker processes (default: cores).")(command)
    command = click.option("--topics", default="", metavar="SPEC",
                           help="Topics to score, e.g. 1-5,8 (default: every topic in "
                                "GOLD_DIR).")(command)
    return click.argument("gold_dir", type=click.Path(exists=True, file_okay=False,
                                                      path_type=Path))(command)


@main.command()
@corpus_option
@click.option("--out", type=click.Path(path_type=Path), default=Path("outputs"),
              show_default=True, help="Where the tables, datapackage.json and report go.")
@model_option
@click.option("--strict", is_flag=True,
              help="Exit non-zero (3) when any document failed or was skipped.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes for per-document extraction [default: all cores].")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Run extraction on a Dask cluster, e.g. tcp://127.0.0.1:8786 "
                   "(needs `pip install .[dask]`).")
@cache_option
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
@click.option("--format", "formats", type=click.Choice(["csv", "parquet", "duckdb"]),
              multiple=True, default=("csv",), show_default=True,
              help="Also write Parquet copies under OUT/parquet/ or one database "
                   "OUT/annalist.duckdb (repeat the option).")
@click.option("--spreadsheet-safe", is_flag=True,
              help="Prefix cells starting with = + - @ with ' so spreadsheets do not run "
                   "them as formulas (changes those cells' text; see README).")
@click.option("--wait", type=float, default=0.0, show_default=True,
              help="Seconds to wait for another run writing to the same --out.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=MAX_FILE_BYTES,
              show_default=True, help="Refuse files larger than this many bytes.")
@click.option("--max-chars", type=click.IntRange(min=1), default=MAX_NLP_CHARS,
              show_default=True, help="Refuse documents whose cleaned text is longer.")
@click.option("--temporal-mode", type=click.Choice(["auto", "news", "narrative"]),
              default="auto", show_default=True,
              help="Anchor relative dates against each document's date (news) or the "
                   "latest date in its text (narrative); auto: per document, from its "
                   "source_type or its text (see documents.csv temporal_mode_reason).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def extract(corpus, out, model, strict, workers, scheduler, cache, no_cache, formats,
            spreadsheet_safe, wait, max_bytes, max_chars, temporal_mode, quiet) -> None:
    """Extract entities, dates, claims and events from CORPUS into OUT."""
    from pipeline.run import extract_corpus

    formats = tuple(dict.fromkeys(("csv", *formats)))
    summary = extract_corpus(
        corpus, out,
        settings=Settings(model=model, max_file_bytes=max_bytes, max_nlp_chars=max_chars,
                          temporal_mode=temporal_mode),
        cache_dir=_cache_dir(cache, no_cache),
        workers=workers, scheduler=scheduler, progress=not quiet, formats=formats,
        safe=spreadsheet_safe, wait=wait,
    )
    click.echo(summary.paragraph(), err=True)
    for failure in summary.failures:
        click.echo(f"  {failure}", err=True)
    if strict and (summary.n_failed or summary.n_skipped):
        click.echo("--strict: some documents were not processed (see above).", err=True)
        sys.exit(EXIT_STRICT)


@main.command()
@corpus_option
@cache_option
@model_option
def status(corpus, cache, model) -> None:
    """Show which documents are new, changed, cached or failed."""
    from pipeline import engine
    from pipeline.cache import Cache
    from pipeline.run import discover

    paths, refused = discover(corpus, exclude=(cache,))
    states = engine.status(paths, corpus_root=corpus, settings=Settings(model=model),
                           cache=Cache(cache))
    for path, state in states:
        click.echo(f"{state:8} {path}")
    for result in refused:
        click.echo(f"{'refused':8} {result.path}  ({result.message})")


@main.command()
@click.argument("out_dir", type=click.Path(path_type=Path), default=Path("outputs"))
@click.option("--corpus", type=click.Path(path_type=Path), default=None,
              help="Corpus the outputs came from [default: the one datapackage.json names].")
def validate(out_dir, corpus) -> None:
    """Check OUT_DIR's CSVs against its datapackage.json; list every problem."""
    from pipeline.validate import validate_outputs

    problems = validate_outputs(out_dir, corpus_dir=corpus)
    for problem in problems:
        click.echo(str(problem))
    if problems:
        click.echo(f"{len(problems)} problems in {out_dir}", err=True)
        sys.exit(EXIT_INVALID)
    click.echo(f"{out_dir}: valid")


@main.command()
@click.argument("event_id")
@corpus_option
@click.option("--out", type=click.Path(path_type=Path), default=Path("outputs"),
              show_default=True, help="Output directory holding the ID registry.")
@cache_option
@model_option
def explain(event_id, corpus, out, cache, model) -> None:
    """Print EVENT_ID, each mention's quote and locator, and why they were merged.

    EVENT_ID is a value of the event_id column of OUT/events.csv. Documents come from the
    cache, so this is fast after `annalist extract`.
    """
    from pipeline import engine
    from pipeline.cache import Cache
    from pipeline.reconcile import IdRegistry, reconcile
    from pipeline.reconcile import explain as explain_event
    from pipeline.run import REGISTRY, discover

    paths, _ = discover(corpus, exclude=(out, cache))
    outcome = engine.run(paths, corpus_root=corpus, settings=Settings(model=model),
                         cache=Cache(cache), progress=False)
    ok = [r for r in outcome.results if r.status == "ok"]
    reconciled = reconcile(ok, registry=IdRegistry.load(out / REGISTRY))
    try:
        click.echo(explain_event(event_id, reconciled, ok))
    except KeyError:
        raise errors.unknown_event(event_id, out) from None


@main.group()
def eval() -> None:  # noqa: A001 - the command is called `eval`
    """Evaluate a component against gold data.

    `annalist eval timex GOLD_DIR...` scores the temporal tagger against TimeML files;
    `annalist eval events GOLD_DIR` scores event mentions on ECB+; `annalist eval coref
    GOLD_DIR` scores event coreference on ECB+; `annalist eval claims GOLD_DIR` scores
    claims as Open IE tuples on CaRB; `annalist eval attribution` scores who says what on
    Annalist's own test set (all five are what `make eval` runs).
    """


@eval.command("claims")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@model_option
def eval_claims(gold_dir, model) -> None:
    """Score claims as Open IE tuples on CaRB (GOLD_DIR holds sentences.txt and gold.tsv).

    The sentences go through the real reader, parser and stages (a paragraph each); each
    statement claim is a tuple (predicate; subject, object). Prints CaRB's precision,
    recall and F1 (best point over confidence thresholds) and the P-R curve's AUC.
    Example: annalist eval claims ../shared/data/carb-dev
    """
    from pipeline.evaluation.carb import evaluate, format_report

    click.echo(format_report(evaluate(gold_dir, model=model)))


@eval.command("attribution")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
                default=Path("tests/fixtures/attribution"))
@model_option
@click.option("--misses", is_flag=True, help="List the items whose attributions are not all right.")
def eval_attribution(gold_dir, model, misses) -> None:
    """Score attribution (source, cue, content) on a hand-written test set (GOLD_DIR holds
    gold.tsv; default: tests/fixtures/attribution).

    Each item goes through the real reader, parser and stages as its own document; each
    distinct (attributed_to, attribution_cue) of its claims is matched against the gold.
    Prints precision and recall of the source, of source and cue, and of both with the
    content, then per batch (items whose ids share their letters; the last written is the
    one the rules were not tuned on). Example: annalist eval attribution tests/fixtures/attribution --misses
    """
    from pipeline.evaluation.attribution import evaluate_batches, format_batches

    click.echo(format_batches(evaluate_batches(gold_dir, model=model), misses=misses))


@eval.command("coref")
@ecbplus_options
def eval_coref(gold_dir, topics, workers, model) -> None:
    """Score event coreference on ECB+ (GOLD_DIR holds topic folders of XML).

    The real pipeline runs over the ECB+ texts as `eval events` does; in the validated
    sentences, predicted mentions are aligned to gold ones by trigger overlap and the
    predicted events are scored against the gold chains with MUC, B3, CEAF-e and CoNLL F1,
    within each document and across the documents of a topic, on predicted and on gold
    mentions, beside the same-lemma baseline.
    Example: annalist eval coref ../shared/data/ecbplus-dev --topics 1-5
    """
    from pipeline.evaluation.coref import evaluate, format_report
    from pipeline.evaluation.ecbplus import parse_topics

    report = evaluate(gold_dir, topics=parse_topics(topics), workers=workers, model=model)
    click.echo(format_report(report))


@eval.command("events")
@ecbplus_options
def eval_events(gold_dir, topics, workers, model) -> None:
    """Score event-mention detection on ECB+ (GOLD_DIR holds topic folders of XML).

    The texts are written to a scratch corpus (tokens joined by spaces, a paragraph per
    sentence) and the real pipeline runs over it; a mention matches a gold one when the
    trigger overlaps it. Prints precision, recall and F1 over all sentences and over the
    validated ones, recall per gold class, precision per type and the frequent errors.
    Example: annalist eval events ../shared/data/ecbplus-dev --topics 1-5
    """
    from pipeline.evaluation.ecbplus import parse_topics
    from pipeline.evaluation.events import evaluate, format_report

    report = evaluate(gold_dir, topics=parse_topics(topics), workers=workers, model=model)
    click.echo(format_report(report))


@eval.command("timex")
@click.argument("gold_dirs", nargs=-1, required=True,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--setting", "settings", type=click.Choice(["labelled", "unlabelled"]),
              multiple=True, help="Score only this setting (repeatable; default: both). "
              "labelled: the directory's kind (wiki = narrative, else news) is given; "
              "unlabelled: the tagger chooses the anchoring per document.")
def eval_timex(gold_dirs, settings) -> None:
    """Score the temporal tagger against TimeML gold (TempEval-3 measures).

    Each GOLD_DIR is a folder of TimeML (.tml) files, scored separately and in two
    settings (labelled, unlabelled): strict and relaxed span precision/recall/F1, value F1
    and type F1, a per-document breakdown and the most frequent misses, then a summary.
    Example: annalist eval timex ../shared/data/wikiwars-dev
    """
    from pipeline.temporal.evaluate import SETTINGS, evaluate, format_report

    click.echo(format_report(evaluate(list(gold_dirs), settings=tuple(settings) or SETTINGS)))


@main.group()
def cache() -> None:
    """Inspect or tidy the per-document cache (.annalist-cache/ by default).

    The cache holds each document's parse and extraction results, keyed by the file's
    hash, the reader and stage versions, the model and the settings.
    """


@cache.command("prune")
@corpus_option
@cache_option
@model_option
def cache_prune(corpus, cache, model) -> None:
    """Drop cache entries that no current document uses.

    Entries are kept for every document now in CORPUS with the current model and
    settings; results for deleted or edited files and old stage versions are removed.
    """
    from pipeline import engine
    from pipeline.cache import Cache
    from pipeline.run import discover

    paths, _ = discover(corpus, exclude=(cache,))
    removed, freed = engine.prune(paths, corpus_root=corpus, settings=Settings(model=model),
                                  cache=Cache(cache))
    click.echo(f"removed {removed} entries, freed {freed / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
