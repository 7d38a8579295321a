"""Recognition: compiled regular expressions that find candidate temporal expressions.

The rules are data: ``pipeline/lang/en/temporal_rules.yaml`` holds their patterns,
priorities, prefixes and trigger words, with the word alternations of
``temporal_patterns.yaml`` inserted as fragments. Each rule has a ``kind`` the normalizer
dispatches on. A rule may mark the expression inside a wider context match with a named
group ``t`` (e.g. ``for (years)``). Every rule runs over the whole text; overlapping
candidates are resolved by keeping the longest (then the higher-priority rule). Month
names are matched capitalized only, so "may" and "march" the verbs never match;
everything else is case-insensitive.

Speed: each regex starts with its core (digit, month name, keyword) so that the regex
engine's first-character scan skips most positions; optional words in front of a core
are attached afterwards (see ``PREFIXES``), only where the preceding word allows it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from pipeline import lang

from .lexicon import (MONTH_RE, NUM_WORD_RE, ORD_WORD_RE, SEASON_RE, UNIT_RE, WEEKDAY_RE)

RULES_FILE = "temporal_rules"
_PLACEHOLDER = re.compile(r"\$\{(\w+)\}")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")  # a paragraph break or a heading's edge


def _expand(template: str, fragments: dict[str, str]) -> str:
    """``template`` with every ``${NAME}`` replaced by its fragment."""
    return _PLACEHOLDER.sub(lambda m: fragments[m.group(1)], template)


# Fragments: the file's own (era names, calendar marks, number words...), then those
# built here from the lexicon and from each other.
FRAGMENTS: dict[str, str] = {}
for _name, _template in lang.table(RULES_FILE, "fragments").items():
    FRAGMENTS[_name] = _expand(_template, FRAGMENTS)
ERA = FRAGMENTS["ERA"]
ERA2 = ERA.replace("?P<era>", "?P<era2>")
ERA_LOOK = ERA.replace("?P<era>", "?:")
YEAR_RB = FRAGMENTS["YEAR_RB"]
DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
ORD = rf"(?:\d{{1,2}}(?:st|nd|rd|th)|(?i:{ORD_WORD_RE}))"
NUM = rf"(?:\d{{1,7}}(?:[.,]\d{{1,3}})?|(?i:{NUM_WORD_RE}|{FRAGMENTS['VAGUE_NUM']}))"
CAL = FRAGMENTS["CAL"]
CAL2 = CAL.replace("?P<cal>", "?P<cal2>")
_MOD = rf"(?P<mod>(?i:{FRAGMENTS['MODW']}))(?:-\s*|\s+)"
_APPROX = rf"(?:(?P<approx>(?i:{FRAGMENTS['APPROXW']}))\s*)?"
FRAGMENTS.update({
    "ERA2": ERA2, "ERA_LOOK": ERA_LOOK, "DAYNUM": DAYNUM, "ORD": ORD, "NUM": NUM,
    "CAL2": CAL2, "CAL3": CAL2.replace("?P<cal2>", "?P<cal3>"), "MONTH": MONTH_RE,
    "WEEKDAY": WEEKDAY_RE, "SEASON": SEASON_RE, "UNIT": UNIT_RE, "MOD": _MOD,
    "APPROX": _APPROX,
})

# Characters that may not touch a number (or a day) on its left, by name.
_LEFT = lang.table(RULES_FILE, "left")
NUM_LEFT = _LEFT["NUM_LEFT"]
DAY_LEFT = _LEFT["DAY_LEFT"]


@dataclass(frozen=True)
class Rule:
    kind: str
    rx: re.Pattern[str]
    prio: int
    prefix: str      # key into PREFIXES, or ""
    left: str        # characters that may not stand just before the match
    triggers: frozenset[str]  # first tokens; empty = scan the whole text


def _build() -> list[Rule]:
    rules = []
    for r in lang.value(RULES_FILE, "rules"):
        left = r.get("left", "")
        rules.append(Rule(r["kind"], re.compile(_expand(r["pattern"], FRAGMENTS)),
                          r["priority"], r.get("prefix", ""), _LEFT.get(left, left),
                          frozenset(r.get("triggers", "").split())))
    return rules


RULES = _build()
_SCAN = [i for i, r in enumerate(RULES) if not r.triggers]
_BY_TOKEN: dict[str, list[int]] = {}
for _i, _r in enumerate(RULES):
    for _w in _r.triggers:
        _BY_TOKEN.setdefault(_w, []).append(_i)
# One pass finds every trigger token: numbers and the first words above, matched on an
# ASCII-lowercased copy of the text (same length, so offsets are unchanged).
_TOKEN = re.compile(r"\d+|(?<![a-z])(?:" + "|".join(
    sorted((w for w in _BY_TOKEN if w != "#"), key=len, reverse=True)) + r")(?![a-z])")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


# -- prefixes attached in front of a core match ----------------------------------------

PREFIXES: dict[str, re.Pattern[str]] = {
    k: re.compile(r"(?<![\w.])(?:" + _expand(v, FRAGMENTS) + ")")
    for k, v in lang.table(RULES_FILE, "prefixes").items()}
# The last word before a core match must be one of these for a prefix to be possible.
_GATE = lang.words(RULES_FILE, "prefix_gate")

@dataclass(frozen=True)
class Candidate:
    kind: str
    start: int
    end: int
    prio: int
    groups: dict[str, str | None]
    text: str
    spans: dict[str, tuple[int, int]]


def _matches(text: str):
    """``(rule index, match)`` for every rule, scanning or at trigger tokens."""
    for i in _SCAN:
        for m in RULES[i].rx.finditer(text):
            yield i, m
    by_token = _BY_TOKEN
    for tok in _TOKEN.finditer(text.translate(_ASCII_LOWER)):
        w = tok.group()
        idxs = by_token.get("#" if w[0].isdigit() else w)
        if idxs:
            p = tok.start()
            for i in idxs:
                m = RULES[i].rx.match(text, p)
                if m is not None:
                    yield i, m


def _candidates(text: str, base: int) -> list[Candidate]:
    found: list[Candidate] = []
    for order, m in _matches(text):
        rule = RULES[order]
        rx = rule.rx
        if "t" in rx.groupindex and m.group("t") is not None:
            s, e = m.span("t")
        else:
            s, e = m.span()
        groups = m.groupdict()
        spans = {g: (base + m.start(g), base + m.end(g))
                 for g, v in groups.items() if v is not None}
        attached = False
        if rule.prefix and s > 0 and text[s - 1] in " \t-\u00a0":
            word = text[max(0, s - 16):s].rstrip(" \t-\u00a0").rsplit(None, 1)
            if word and word[-1].lower().lstrip("(\"'“‘[") in _GATE:
                pm = PREFIXES[rule.prefix].search(text, max(0, s - 60), s)
                if pm is not None and pm.start() < s and not PARAGRAPH_BREAK.search(text, pm.start(), s):
                    for g, v in pm.groupdict().items():
                        if v is not None:
                            groups[g] = v
                            spans[g] = (base + pm.start(g), base + pm.end(g))
                    s, attached = pm.start(), True
        if not attached and s > 0:
            ch = text[s - 1]
            if ch.isalnum() or ch == "_" or ch in rule.left:
                continue
        # Trim whitespace the optional pieces may leave at the edges.
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e <= s or PARAGRAPH_BREAK.search(text, s, e):
            continue  # no expression crosses a paragraph or heading ("Later\n\nIn 1915")
        found.append(Candidate(rule.kind, base + s, base + e, rule.prio * 100 + order,
                               groups, text[s:e], spans))
    return found


def find(text: str) -> list[Candidate]:
    """All non-overlapping candidates in ``text`` in text order (longest wins)."""
    return _select(_candidates(text, 0))


def _select(cands: list[Candidate]) -> list[Candidate]:
    """Greedy non-overlapping selection: longest span first, then rule priority."""
    cands.sort(key=lambda c: (-(c.end - c.start), c.prio, c.start))
    starts: list[int] = []   # taken spans, kept sorted and disjoint
    ends: list[int] = []
    chosen: list[Candidate] = []
    for c in cands:
        i = bisect.bisect_left(starts, c.end)  # spans starting before c ends
        if i and ends[i - 1] > c.start:
            continue
        starts.insert(i, c.start)
        ends.insert(i, c.end)
        chosen.append(c)
    chosen.sort(key=lambda c: (c.start, c.end))
    return chosen
