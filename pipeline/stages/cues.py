"""Cue lexicons for attribution, hedging and negation, shared by claims and events.

Sets of lower-cased lemmas, read from ``pipeline/lang/en/cues.yaml`` (where each list is
documented with an example) so a reviewer can read and extend the vocabulary without
reading the parser walks.
"""

from __future__ import annotations

from pipeline import lang

VERSION = "2"

REPORTING_VERBS = lang.words("cues", "reporting_verbs")
QUOTE_VERBS = lang.words("cues", "quote_verbs")
STANCE_VERBS = lang.words("cues", "stance_verbs")
ACCORDING_TO = lang.ordered("cues", "according_to")
HEDGE_ADVERBS = lang.words("cues", "hedge_adverbs")
HEDGE_VERBS = lang.words("cues", "hedge_verbs")
HEDGE_MODALS = lang.words("cues", "hedge_modals")
HEDGE_ADJECTIVES = lang.words("cues", "hedge_adjectives")
NEGATION_ADVERBS = lang.words("cues", "negation_adverbs")
NEGATING_DETERMINERS = lang.words("cues", "negating_determiners")
NEGATING_PRECONJUNCTIONS = lang.words("cues", "negating_preconjunctions")
NEGATING_CONJUNCTIONS = lang.words("cues", "negating_conjunctions")
IRREALIS_MODALS = lang.words("cues", "irrealis_modals")
