"""Cue lexicons for attribution, hedging and negation, shared by claims and events.

Sets of lower-cased lemmas, built once at import. Kept apart from the extraction code so a
reviewer can read (and extend) the vocabulary without reading the parser walks.
"""

from __future__ import annotations

VERSION = "1"

# Verbs that introduce reported content in a clausal complement: "X reported that ...".
# The complement is the claim; the verb's subject is the source.
REPORTING_VERBS = frozenset({
    "report", "say", "state", "claim", "announce", "suggest", "indicate", "argue", "believe",
    "think", "insist", "allege", "assert", "write", "tell", "note", "add", "warn", "reveal",
    "confirm", "deny", "acknowledge", "admit", "explain", "contend", "maintain", "complain",
    "estimate", "speculate", "predict", "conclude", "declare", "emphasize", "emphasise",
    "stress", "observe", "remark", "recall", "testify", "show", "find", "feel", "assume",
    "perceive", "consider", "hold",
})

# Verbs whose subject takes a stance on (or makes a statement about) their object, with no
# clausal complement: "Lavrov ... linked the demands with the Kosovo issue".
STANCE_VERBS = frozenset({
    "link", "describe", "call", "praise", "criticize", "criticise", "complain", "suggest",
    "indicate", "announce", "characterize", "characterise", "label", "dismiss", "welcome",
    "blame", "deny", "claim", "argue", "insist", "say", "state", "tell", "warn", "accuse",
    "emphasize", "emphasise", "stress", "report", "reveal", "allege", "predict", "promise",
    "pledge", "vow", "advocate",
})

# Prepositional sources: "according to X", "per X".
ACCORDING_PREPS = frozenset({"accord", "according"})

HEDGE_ADVERBS = frozenset({
    "reportedly", "seemingly", "apparently", "allegedly", "ostensibly", "purportedly",
    "supposedly", "possibly", "probably", "perhaps", "presumably", "arguably", "maybe",
    "likely", "conceivably", "evidently", "putatively",
})
HEDGE_VERBS = frozenset({
    "suggest", "appear", "seem", "believe", "perceive", "allege", "rumor", "rumour",
    "speculate", "suspect", "assume", "presume", "estimate",
})
HEDGE_MODALS = frozenset({"may", "might", "could"})
HEDGE_ADJECTIVES = frozenset({
    "alleged", "apparent", "likely", "unlikely", "possible", "probable", "perceived",
    "purported", "supposed", "so-called", "ostensible", "presumed", "rumoured", "rumored",
})

NEGATION_WORDS = frozenset({"not", "n't", "never", "no", "neither", "nor", "without"})

# Modals that make a clause non-factual (hedging modals plus future and obligation).
IRREALIS_MODALS = frozenset({"would", "could", "might", "may", "should", "must", "can",
                             "will", "shall", "'d", "'ll", "ought"})
