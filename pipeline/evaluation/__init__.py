"""Scoring the pipeline against gold data (``annalist eval``): readers for each benchmark's
format and the measures its community uses. The temporal tagger's own scorer lives with the
tagger (``pipeline.temporal.evaluate``)."""
