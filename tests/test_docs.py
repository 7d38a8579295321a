"""Documentation derived from code matches the code (regenerate with `make docs`)."""

from pathlib import Path

from pipeline.docsync import END, START, readme_with_dictionary

ROOT = Path(__file__).resolve().parent.parent


def test_docs_readme_carries_the_current_data_dictionary():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert START in readme and END in readme
    assert readme_with_dictionary(readme) == readme, "README is stale: run `make docs`"


def test_docs_readme_links_resolve():
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\(((?:docs/|DEVELOPERS)[^)#]+)", readme):
        assert (ROOT / target).exists(), target
