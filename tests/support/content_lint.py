"""The content linter: the rules that need the whole library, read from the content files.

Validation from data/ checks each line as it loads (length, punctuation, characters fit for
speech). What only shows across hundreds of lines is checked here, so a nightly listener does
not hear one template, one topic or one closer over and over: shares of openings and phrases,
topic coverage, tone tags, near-duplicates, wording that sounds unsafe aloud, pronoun slips.

`lint(library)` returns every problem found; an empty list means the library is fine.
`figures(library)` returns the numbers the content guide quotes.
Run `python -m tests.support.content_lint` to print both for the shipped library.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any, Final

# --- the numbers ------------------------------------------------------------------------------

MAX_OPENING_SHARE: Final = 0.08  # no three-word opening in more than 8 % of starters
MAX_EACH_OF_YOU_SHARE: Final = 1 / 3
MAX_STARTER_WORDS: Final = 20
MIN_STARTERS_PER_TOPIC: Final = 30
MIN_PILLARS_PER_TOPIC: Final = 4  # a topic is spread over the pillars it serves
MAX_ITEM_OPENING_SHARE: Final = 0.40
MAX_ITEM_WORDS: Final = 16
MAX_EXPLAIN_WORDS: Final = 20
MAX_TIP_WORDS: Final = 20
TIPS_PER_KIND: Final = 10
MAX_FEEDBACK_LINE_WORDS: Final = 12
# Two lines are near-duplicates when they share this much of their words (token Jaccard: the
# distinct words both use over the distinct words either uses). Check-in items are short and
# parallel by design ("How heard…" / "How respected…"), so they need a closer match.
NEAR_DUPLICATE_JACCARD: Final = 0.6
NEAR_DUPLICATE_ITEM_JACCARD: Final = 0.8

TOPICS: Final = ("money", "family", "home", "work", "future", "affection")
TONES: Final = ("playful", "warm", "reflective", "gentle")
OUTRO_KEY: Final = "starter_outro"
# Every line said just before a starter.
INTRO_KEYS: Final = (
    "starter_intro",
    "starter_intro_oneshot",
    "starter_another",
    "starter_again",
    "another_kept",
    "starter_deeper",
    "starter_deeper_same",
    "starter_lighter",
    "starter_lighter_same",
)

# --- word patterns ----------------------------------------------------------------------------


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Closers tell a couple how to take the question; each family may be said once in a line.
CLOSER_FAMILIES: Final[Mapping[str, re.Pattern[str]]] = {
    "turns": re.compile(
        r"\b(go first,? (and )?then swap|take turns|taking turns|then swap|go first|in turn)\b",
        re.I,
    ),
    "pass": re.compile(r"\b(may pass|can pass|free to pass|pass if)\b", re.I),
}
# Words a question can open a clause with; an invitation ends in a full stop instead.
_INTERROGATIVE: Final = _word_set(
    "what what's which how how's who who's whose whom where where's when why would could "
    "should do does did is are was were will can have has"
)
# Verbs an invitation opens with ("Name one…", "Picture…"): such a line ends in a full stop
# unless a question follows a colon or comma ("Picture a free Saturday: how would it begin?").
_INVITATION_VERBS: Final = _word_set(
    "name tell share describe picture imagine think pick choose give say finish complete "
    "remember recall plan agree swap take let list offer guess invent make sum mention trade "
    "find paint sketch talk hum admit"
)
_QUESTION_AFTER_BREAK = re.compile(
    r"[:;,\u2014]\s*(?:and\s+|or\s+|then\s+)?(" + "|".join(sorted(_INTERROGATIVE)) + r")\b",
    re.I,
)
# "If trust were a house…": make-believe is for light nights, not for a deep question.
_MAKE_BELIEVE = re.compile(r"\b(if|imagine|pretend)\b[^?,:]*\b(were|was) (a|an)\b", re.I)
# "When do each of you…": each takes the singular.
_EACH_AGREEMENT = re.compile(r"\b(do|are|have|were) each of you\b", re.I)
_ABOUT_THE_SKILL = re.compile(
    r"\b(this skill|the skill|heart to heart|these questions|this question|being asked|"
    r"asked about your day|check-?in|checking in|the speaker|the app|tonight's question)\b",
    re.I,
)
# A starter never takes for granted a past or a family the couple may not have.
_ASSUMED_HISTORY = re.compile(
    r"\b(first date|your wedding|wedding day|honeymoon|when you (two )?(first )?met|"
    r"day you met|anniversary|your (husband|wife)|since you married|"
    r"(your|the|our) (kids|children|son|daughter|baby)|cried at|crying at)\b",
    re.I,
)
_CHILDREN = re.compile(r"\b(kids?|children|child|son|daughter|baby|parenting)\b", re.I)
_CONDITIONAL = re.compile(r"\b(if|any|whether|someday|one day|might)\b", re.I)
# Warm, never explicit.
_EXPLICIT = re.compile(
    r"\b(sex\w*|naked|nude|orgasm\w*|arous\w*|lingerie|foreplay|kink\w*|undress\w*|erotic\w*|"
    r"turn(s|ed)? you on|in the bedroom)\b",
    re.I,
)
# Asked aloud in front of the partner, an item never sounds like a question about consent or
# safety; those belong to the safety design, not to a nightly rating.
_CONSENT_OR_SAFETY = re.compile(
    r"\b(say no|said no|saying no|limits?|boundar\w*|consent\w*|safe|safety|unsafe|afraid|"
    r"scared|fear\w*|frighten\w*|threat\w*|forced?|pressur\w*|controll?\w*|hurt\w*|harm\w*|"
    r"allowed|permission|violen\w*|abus\w*|intimidat\w*|yell\w*|push(ed)? into)\b",
    re.I,
)
# A tip suggests; it does not lecture.
_LECTURE = re.compile(
    r"\b(you should|you must|you need to|you have to|you ought|make sure you|it is important|"
    r"it's important|studies|research|experts?|scientists?|always remember|never forget)\b",
    re.I,
)
# Tips speak to the couple: "I", "me", "we" belong only to words they might say themselves,
# brought in by a cue ("say", "the line,", "like", "with", a colon…).
_FIRST_PERSON = re.compile(
    r"\b(I|I'm|I'd|I'll|I've|me|my|mine|myself|we|we're|we've|we'll|we'd|us|our|ours)\b", re.I
)
_SPEECH_CUE_WORDS: Final = _word_set(
    "say says saying said line like with an as words phrase means meaning"
)
_CUE_WINDOW: Final = 6  # words between a cue and the first-person word it brings in
# Openings are compared on their first words: "what's one thing", "tell each other".
OPENING_WORDS: Final = 3


# --- the library, as plain records --------------------------------------------------------------


@dataclass(frozen=True)
class StarterLine:
    id: str
    pillar: str
    depth: str
    tone: str | None
    topics: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class ItemLine:
    id: str
    pillar: str
    text: str
    explain: str | None


@dataclass(frozen=True)
class TipLine:
    id: str
    pillar: str
    kind: str
    text: str


@dataclass(frozen=True)
class FeedbackLine:
    where: str  # "trust/strength_lines/2"
    text: str


@dataclass(frozen=True)
class Library:
    starters: tuple[StarterLine, ...]
    items: tuple[ItemLine, ...] = ()
    tips: tuple[TipLine, ...] = ()
    feedback: tuple[FeedbackLine, ...] = ()
    glue: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def with_starter(self, starter: StarterLine) -> Library:
        return replace(self, starters=(*self.starters, starter))

    def with_item(self, item: ItemLine) -> Library:
        return replace(self, items=(*self.items, item))

    def with_tip(self, tip: TipLine) -> Library:
        return replace(self, tips=(*self.tips, tip))


@dataclass(frozen=True)
class Problem:
    rule: str
    where: str
    detail: str

    def __str__(self) -> str:
        return f"[{self.rule}] {self.where}: {self.detail}"


def _data() -> Any:
    return resources.files("skill.content").joinpath("data")


def _json(path: str) -> Any:
    node = _data()
    for part in path.split("/"):
        node = node.joinpath(part)
    return json.loads(node.read_text("utf-8"))


def _names(folder: str) -> list[str]:
    node = _data()
    for part in folder.split("/"):
        node = node.joinpath(part)
    return sorted(e.name for e in node.iterdir() if e.name.endswith(".json"))


def load_library(language: str = "en") -> Library:
    """Every starter, item, tip, feedback line and the starter glue of one language's files."""
    starters: list[StarterLine] = []
    for name in _names(f"{language}/starters"):
        pack = _json(f"{language}/starters/{name}")
        for s in pack["starters"]:
            starters.append(
                StarterLine(
                    id=s["id"],
                    pillar=pack["pillar"],
                    depth=s["depth"],
                    tone=s.get("tone"),
                    topics=tuple(s.get("topics", ())),
                    text=s["text"],
                )
            )
    items: list[ItemLine] = []
    tips: list[TipLine] = []
    feedback: list[FeedbackLine] = []
    for name in _names(f"{language}/checkin"):
        pack = _json(f"{language}/checkin/{name}")
        if "pillar" not in pack:
            continue  # the fixed anchors: their wording never changes
        pillar = pack["pillar"]
        items += [ItemLine(i["id"], pillar, i["text"], i.get("explain")) for i in pack["items"]]
        tips += [TipLine(t["id"], pillar, t["kind"], t["text"]) for t in pack["tips"]]
        for key in ("strength_lines", "tender_lines"):
            feedback += [
                FeedbackLine(f"{pillar}/{key}/{n}", text) for n, text in enumerate(pack[key])
            ]
    glue = _json(f"{language}/speech/starters.json")["lines"]
    return Library(
        starters=tuple(starters),
        items=tuple(items),
        tips=tuple(tips),
        feedback=tuple(feedback),
        glue={key: tuple(variants) for key, variants in glue.items()},
    )


# --- helpers ------------------------------------------------------------------------------------


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def opening(text: str, size: int = OPENING_WORDS) -> str:
    return " ".join(words(text)[:size])


def token_set(text: str) -> frozenset[str]:
    return frozenset(words(text))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def closer_counts(text: str) -> Counter[str]:
    return Counter({name: len(p.findall(text)) for name, p in CLOSER_FAMILIES.items()})


def doubled_closers(text: str) -> list[str]:
    return sorted(name for name, n in closer_counts(text).items() if n > 1)


def is_question(text: str) -> bool:
    return text.rstrip().endswith("?")


def punctuation_problem(text: str) -> str | None:
    """Why a starter's ending does not fit its shape, or None: questions end in '?', only
    questions; invitations ("Name one…") end in '.'."""
    text = text.strip()
    first = words(text)[:1]
    if text.count("?") > 1:
        return "more than one question mark"
    if text.endswith("?"):
        asks = ":" in text or "\u2014" in text or _QUESTION_AFTER_BREAK.search(text)
        if first and first[0] in _INVITATION_VERBS and not asks:
            return "an invitation ends in a question mark"
        return None
    if text.endswith("."):
        if "?" in text:
            return "a question mark inside an invitation"
        if first and first[0] in _INTERROGATIVE:
            return "a question ends in a full stop"
        after_colon = text.split(":", 1)[1] if ":" in text else ""
        colon_words = words(after_colon)[:1]
        if colon_words and colon_words[0] in _INTERROGATIVE:
            return "a question after a colon ends in a full stop"
        return None
    return "ends in neither '?' nor '.'"


def first_person_slips(text: str) -> list[str]:
    """First-person words that are not the couple's own words brought in by a cue.

    "say tell me more", "finish the line, I feel…", "ask the other: is there anything I can…"
    are fine; "ask each other what helps you feel you can count on me" is a slip.
    """
    slips = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        quoting = False
        for match in _FIRST_PERSON.finditer(sentence):
            window = sentence[: match.start()].split()[-_CUE_WINDOW:]
            cued = any(
                ":" in token or token.strip(",;").lower() in _SPEECH_CUE_WORDS for token in window
            )
            quoting = quoting or cued
            if not quoting:
                slips.append(match.group(0))
    return slips


def share(count: int, total: int) -> float:
    return count / total if total else 0.0


# --- the rules ----------------------------------------------------------------------------------


def lint(library: Library) -> list[Problem]:
    return [
        *lint_starters(library.starters),
        *lint_items(library.items),
        *lint_tips(library.tips),
        *lint_feedback(library.feedback),
        *lint_glue(library.glue, library.starters),
    ]


def lint_starters(starters: Sequence[StarterLine]) -> list[Problem]:
    problems: list[Problem] = []
    total = len(starters)
    for s in starters:
        problems += _starter_line(s)
    for text, count in Counter(opening(s.text) for s in starters).most_common():
        if share(count, total) <= MAX_OPENING_SHARE:
            break
        problems.append(
            Problem(
                "opening-share",
                "starters",
                f"{count} of {total} starters ({share(count, total):.1%}) open {text!r}; "
                f"at most {MAX_OPENING_SHARE:.0%}",
            )
        )
    each = sum("each of you" in s.text.lower() for s in starters)
    if share(each, total) > MAX_EACH_OF_YOU_SHARE:
        problems.append(
            Problem(
                "each-of-you-share",
                "starters",
                f"'each of you' in {each} of {total} ({share(each, total):.1%}); at most a third",
            )
        )
    topics = Counter(t for s in starters for t in s.topics)
    pillars_by_topic = {t: {s.pillar for s in starters if t in s.topics} for t in TOPICS}
    for topic in TOPICS:
        if topics[topic] < MIN_STARTERS_PER_TOPIC:
            problems.append(
                Problem(
                    "topic-coverage",
                    topic,
                    f"{topics[topic]} starters; at least {MIN_STARTERS_PER_TOPIC}",
                )
            )
        if len(pillars_by_topic[topic]) < MIN_PILLARS_PER_TOPIC:
            problems.append(
                Problem(
                    "topic-spread",
                    topic,
                    f"in {len(pillars_by_topic[topic])} pillars; at least {MIN_PILLARS_PER_TOPIC}",
                )
            )
    problems += _duplicates("starter", [(s.id, s.text) for s in starters])
    return problems


def _starter_line(s: StarterLine) -> Iterator[Problem]:
    n = len(s.text.split())
    if n > MAX_STARTER_WORDS:
        yield Problem("starter-words", s.id, f"{n} words, at most {MAX_STARTER_WORDS}: {s.text!r}")
    why = punctuation_problem(s.text)
    if why:
        yield Problem("question-mark", s.id, f"{why}: {s.text!r}")
    for family in doubled_closers(s.text):
        yield Problem("doubled-closer", s.id, f"says {family!r} twice: {s.text!r}")
    if s.tone not in TONES:
        yield Problem("tone-tag", s.id, f"tone {s.tone!r}, one of {TONES}")
    if s.depth == "deep" and s.tone == "playful":
        yield Problem("playful-deep", s.id, f"a deep question is never a joke: {s.text!r}")
    if s.depth == "deep" and _MAKE_BELIEVE.search(s.text):
        yield Problem("playful-deep", s.id, f"make-believe as a deep question: {s.text!r}")
    unknown = set(s.topics) - set(TOPICS)
    if unknown:
        yield Problem("topic-tag", s.id, f"unknown topics {sorted(unknown)}")
    if _EACH_AGREEMENT.search(s.text):
        yield Problem("grammar", s.id, f"'each of you' takes the singular: {s.text!r}")
    if _ABOUT_THE_SKILL.search(s.text):
        yield Problem("about-the-skill", s.id, f"about the skill, not the couple: {s.text!r}")
    if _ASSUMED_HISTORY.search(s.text) or (
        _CHILDREN.search(s.text) and not _CONDITIONAL.search(s.text)
    ):
        yield Problem("assumes-history", s.id, f"assumes a past or family: {s.text!r}")
    if _EXPLICIT.search(s.text):
        yield Problem("explicit", s.id, f"warm, never explicit: {s.text!r}")


def lint_items(items: Sequence[ItemLine]) -> list[Problem]:
    problems: list[Problem] = []
    total = len(items)
    for text, count in Counter(opening(i.text) for i in items).most_common():
        if share(count, total) <= MAX_ITEM_OPENING_SHARE:
            break
        problems.append(
            Problem(
                "item-opening-share",
                "items",
                f"{count} of {total} items ({share(count, total):.1%}) open {text!r}; "
                f"at most {MAX_ITEM_OPENING_SHARE:.0%}",
            )
        )
    for i in items:
        n = len(i.text.split())
        if n > MAX_ITEM_WORDS:
            problems.append(Problem("item-words", i.id, f"{n} words, at most {MAX_ITEM_WORDS}"))
        if not (i.text.startswith("How ") and i.text.endswith("?") and i.text.count("?") == 1):
            problems.append(Problem("question-mark", i.id, f"asks 'How …?': {i.text!r}"))
        if not i.explain or not i.explain.strip():
            problems.append(Problem("item-explain", i.id, f"no explanation: {i.text!r}"))
        elif len(i.explain.split()) > MAX_EXPLAIN_WORDS:
            problems.append(
                Problem("item-explain", i.id, f"explanation over {MAX_EXPLAIN_WORDS} words")
            )
        for text in (i.text, i.explain or ""):
            match = _CONSENT_OR_SAFETY.search(text)
            if match:
                problems.append(
                    Problem(
                        "item-safety",
                        i.id,
                        f"{match.group(0)!r} sounds like consent or safety aloud: {text!r}",
                    )
                )
    problems += _duplicates("item", [(i.id, i.text) for i in items], NEAR_DUPLICATE_ITEM_JACCARD)
    return problems


def lint_tips(tips: Sequence[TipLine]) -> list[Problem]:
    problems: list[Problem] = []
    for t in tips:
        n = len(t.text.split())
        if n > MAX_TIP_WORDS:
            problems.append(Problem("tip-words", t.id, f"{n} words, at most {MAX_TIP_WORDS}"))
        slips = first_person_slips(t.text)
        if slips:
            problems.append(
                Problem("pronoun-slip", t.id, f"{slips} speaks as one of the couple: {t.text!r}")
            )
        match = _LECTURE.search(t.text)
        if match:
            problems.append(
                Problem("tip-lecture", t.id, f"{match.group(0)!r} lectures: {t.text!r}")
            )
        for family in doubled_closers(t.text):
            problems.append(Problem("doubled-closer", t.id, f"says {family!r} twice"))
    kinds = Counter((t.pillar, t.kind) for t in tips)
    for pillar in sorted({t.pillar for t in tips}):
        for kind in ("tonight", "week", "why"):
            if kinds[(pillar, kind)] < TIPS_PER_KIND:
                problems.append(
                    Problem(
                        "tip-count",
                        pillar,
                        f"{kinds[(pillar, kind)]} {kind!r} tips; at least {TIPS_PER_KIND}",
                    )
                )
    problems += _duplicates("tip", [(t.id, t.text) for t in tips])
    return problems


def lint_feedback(lines: Sequence[FeedbackLine]) -> list[Problem]:
    problems = [
        Problem("feedback-words", f.where, f"over {MAX_FEEDBACK_LINE_WORDS} words: {f.text!r}")
        for f in lines
        if len(f.text.split()) > MAX_FEEDBACK_LINE_WORDS
    ]
    exact = Counter(_normal(f.text) for f in lines)
    problems += [
        Problem("duplicate", f.where, f"said twice: {f.text!r}")
        for f in lines
        if exact[_normal(f.text)] > 1
    ]
    return problems


def lint_glue(glue: Mapping[str, Sequence[str]], starters: Sequence[StarterLine]) -> list[Problem]:
    """The starter as Alexa says it (intro, starter, outro): no closer twice, no phrase twice."""
    problems: list[Problem] = []
    for key, variants in glue.items():
        for variant in variants:
            for family in doubled_closers(variant):
                problems.append(Problem("doubled-closer", key, f"says {family!r} twice"))
    outros = list(glue.get(OUTRO_KEY, ())) or [""]
    intros = [v for key in INTRO_KEYS for v in glue.get(key, ())] or [""]
    glue_closers = [(o, closer_counts(o)) for o in (*intros, *outros)]
    glue_phrases = [(g, phrases(g)) for g in (*intros, *outros)]
    for s in starters:
        problem = _spoken_starter_problem(s, glue_closers, glue_phrases)
        if problem:
            problems.append(problem)
    return problems


def _spoken_starter_problem(
    s: StarterLine,
    glue_closers: Sequence[tuple[str, Counter[str]]],
    glue_phrases: Sequence[tuple[str, set[str]]],
) -> Problem | None:
    """How this starter, said with some intro or outro, doubles a closer or a phrase."""
    own = closer_counts(s.text)
    for line, counts in glue_closers:
        doubled = sorted(f for f in CLOSER_FAMILIES if own[f] + counts[f] > 1)
        if doubled:
            return Problem("doubled-closer", s.id, f"{doubled} twice with {line!r}: {s.text!r}")
    own_phrases = phrases(s.text)
    for line, glue_line_phrases in glue_phrases:
        shared = own_phrases & glue_line_phrases
        if shared:
            return Problem("repeated-phrase", s.id, f"{min(shared)!r} in {line!r} and {s.text!r}")
    return None


def phrases(text: str, size: int = 3) -> set[str]:
    tokens = words(text)
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def repeated_phrases(*parts: str, size: int = 3) -> list[str]:
    """Word sequences of `size` said in two parts of one reply (a part may repeat itself)."""
    found: set[str] = set()
    for a, b in itertools.combinations(parts, 2):
        found |= phrases(a, size) & phrases(b, size)
    return sorted(found)


def _normal(text: str) -> str:
    return " ".join(words(text))


def _duplicates(
    kind: str, lines: Sequence[tuple[str, str]], threshold: float = NEAR_DUPLICATE_JACCARD
) -> list[Problem]:
    problems: list[Problem] = []
    first: dict[str, str] = {}
    for line_id, text in lines:
        key = _normal(text)
        if key in first:
            problems.append(Problem("duplicate", line_id, f"same {kind} as {first[key]}"))
        else:
            first[key] = line_id
    for (a_id, a), (b_id, b) in near_duplicates(lines, threshold):
        problems.append(
            Problem(
                "near-duplicate",
                b_id,
                f"{jaccard(token_set(a), token_set(b)):.2f} like {a_id}: {a!r} / {b!r}",
            )
        )
    return problems


def near_duplicates(
    lines: Sequence[tuple[str, str]], threshold: float = NEAR_DUPLICATE_JACCARD
) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """Pairs of distinct lines whose words overlap by `threshold` or more (token Jaccard).

    Only pairs that share a rare word are compared (prefix filtering: with words ordered from
    rarest to commonest, two sets that overlap enough share a word among the first
    `size - ceil(threshold * size) + 1` of each), so a library's pairs take little time.
    """
    sets = [token_set(text) for _, text in lines]
    frequency = Counter(word for words_ in sets for word in words_)
    index: dict[str, list[int]] = {}
    found: list[tuple[int, int]] = []
    for i, words_ in enumerate(sets):
        ordered = sorted(words_, key=lambda w: (frequency[w], w))
        prefix = ordered[: len(ordered) - math.ceil(threshold * len(ordered)) + 1]
        candidates = sorted({j for word in prefix for j in index.get(word, ())})
        for j in candidates:
            if _normal(lines[i][1]) != _normal(lines[j][1]) and (
                jaccard(sets[i], sets[j]) >= threshold
            ):
                found.append((j, i))
        for word in prefix:
            index.setdefault(word, []).append(i)
    return [(lines[j], lines[i]) for j, i in sorted(found)]


# --- figures ------------------------------------------------------------------------------------


def figures(library: Library) -> dict[str, Any]:
    """The numbers the content guide quotes, for a report or a review of a new pack."""
    starters = library.starters
    total = len(starters)
    openings = Counter(opening(s.text) for s in starters)
    item_openings = Counter(opening(i.text) for i in library.items)
    pairs = [
        jaccard(token_set(a.text), token_set(b.text))
        for a, b in itertools.combinations(starters, 2)
    ]
    return {
        "starters": total,
        "questions": sum(is_question(s.text) for s in starters),
        "invitations": sum(not is_question(s.text) for s in starters),
        "top_openings": [(o, n, round(share(n, total), 3)) for o, n in openings.most_common(5)],
        "each_of_you_share": round(
            share(sum("each of you" in s.text.lower() for s in starters), total), 3
        ),
        "max_words": max((len(s.text.split()) for s in starters), default=0),
        "topics": dict(Counter(t for s in starters for t in s.topics).most_common()),
        "untagged_topic": sum(not s.topics for s in starters),
        "tones": dict(Counter(s.tone for s in starters).most_common()),
        "depths": dict(Counter(s.depth for s in starters).most_common()),
        "max_starter_jaccard": round(max(pairs, default=0.0), 2),
        "items": len(library.items),
        "top_item_openings": [
            (o, n, round(share(n, len(library.items)), 3)) for o, n in item_openings.most_common(3)
        ],
        "tips": len(library.tips),
        "max_tip_words": max((len(t.text.split()) for t in library.tips), default=0),
    }


def _print(lines: Iterable[str]) -> None:
    for line in lines:
        sys.stdout.write(f"{line}\n")


if __name__ == "__main__":
    shipped = load_library()
    _print(f"{key}: {value}" for key, value in figures(shipped).items())
    found = lint(shipped)
    _print(str(p) for p in found)
    _print([f"{len(found)} problems"])
    sys.exit(1 if found else 0)
