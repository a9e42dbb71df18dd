"""The matcher: one Aho–Corasick automaton over every literal trigger of every rule.

Records are scanned in batches: their texts are joined with line breaks, normalised once and
matched once. The rules' ``not_terms`` (第一次 is not 第一) are patterns of the same automaton,
so leftmost-longest matching drops them without further work. Only around a hit does the engine
look further: words that must be nearby (a disease near 治疗), the exemption contexts of the
absolute-terms guideline and the escalation contexts of its Art. 11. There is no per-rule pass
over the text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, islice, product, repeat
from operator import add, attrgetter
from pathlib import Path

import ahocorasick_rs

from .checks import RECORD_CHECKS, RECORD_CONDITIONS
from .normalise import Normaliser
from .records import Finding, Record
from .rules import Context, Rule, RulePack, load_rule_pack

SENTENCE_ENDS = "。！？!?；;\n"  # the line break must stay: pieces of a batch are joined by it
VERDICT_LABELS = {"violation": "违法", "needs_substantiation": "需举证", "exempt": "豁免"}
# Context windows stop at sentence ends: a cue in another sentence says nothing about this one.
_HEAD_OF_SENTENCE = re.compile(f"[^{SENTENCE_ENDS}]*")
# Everything up to and including the last sentence end (greedy, so the last one).
_THROUGH_LAST_SENTENCE_END = re.compile(f"(?s:.*)[{SENTENCE_ENDS}]")
# Checks that can only find something when the record has these fields.
_PRICE_CHECKS = frozenset({"comparison_price_above_recent_low", "raise_then_discount"})
_DISPLAY_PRICE_CHECKS = frozenset({"display_price_below_detail_price"})
_HISTORY_CHECKS = frozenset({"limited_offer_not_limited"})
_FIELD_CHECKS = _PRICE_CHECKS | _DISPLAY_PRICE_CHECKS | _HISTORY_CHECKS
_CATEGORY_MARKER = -1
_NOT_A_CLAIM = -2
_TITLE = attrgetter("title")
_TEXT = attrgetter("text")
_SOURCE_TYPE = attrgetter("source_type")
_CATEGORY = attrgetter("category")
_COMPARISON_PRICE = attrgetter("comparison_price")
_DISPLAY_PRICE = attrgetter("display_price")
_PRICE_HISTORY = attrgetter("price_history")


def _tail_of_sentence(text: str, low: int, start: int) -> str:
    """``text[low:start]`` from just after the last sentence end in it."""
    window = text[low:start]
    mark = _THROUGH_LAST_SENTENCE_END.match(window)
    return window if mark is None else window[mark.end() :]


def _case_forms(form: str) -> set[str]:
    if not any("a" <= character.lower() <= "z" for character in form):
        return {form}
    return {form, form.lower(), form.upper(), form.capitalize()}


def pinyin_forms(term: str) -> set[str]:
    """Mixed pinyin forms of a term: each character either kept or written in toneless pinyin."""
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(term)
    if len(syllables) != len(term) or len(term) > 5:
        return set()
    forms = set()
    for choice in product((False, True), repeat=len(term)):
        if not any(choice):
            continue
        forms.add(
            "".join(
                syllable if use_pinyin else character
                for character, syllable, use_pinyin in zip(term, syllables, choice, strict=True)
            )
        )
    return forms


def _prepared(context: Context) -> tuple:
    """A context with what ``_cues_match`` needs, looked up once."""
    return (
        context,
        context.before_window,
        context.after_window,
        None if context.before is None else context.before.search,
        None if context.after is None else context.after.search,
        context.match,
    )


def _cues_match(prepared: tuple, before: str, after: str) -> bool:
    """Whether a context's cues are found in the text before and after a hit.

    ``match`` ``any``: a cue before or after suffices; ``all``: every cue group given must be
    present; ``none``: the context applies without cues.
    """
    _, before_window, after_window, search_before, search_after, mode = prepared
    if mode == "none":
        return True
    if before_window < len(before):
        before = before[len(before) - before_window :]
    found_before = search_before is not None and search_before(before) is not None
    found_after = search_after is not None and search_after(after[:after_window]) is not None
    if mode == "all":
        return (search_before is None or found_before) and (search_after is None or found_after)
    return found_before or found_after


# Constructs whose outcome can change when the text around a match grows: anchors, word
# boundaries, look-arounds, back-references, atomic groups, possessive quantifiers, flags.
_WINDOW_DEPENDENT = re.compile(r"\\[bBAZ1-9]|\$|\(\?[=!<>(P]|[*+?}]\+|\(\?[a-zA-Z]")


def _inside_record_name(record, text: str, begin: int, finish: int) -> bool:
    """Whether ``text[begin:finish]`` lies inside the record's registered or displayed name
    where the text shows it (第一坊食品有限公司's own 第一 is its name, not a rank)."""
    for name in (record.registered_name, record.displayed_name):
        if not name or len(name) < finish - begin:
            continue
        limit = begin + len(name)
        found = text.find(name, max(0, finish - len(name)), limit)
        while found != -1 and found <= begin:
            if found + len(name) >= finish:
                return True
            found = text.find(name, found + 1, limit)
    return False


def _cue_screen(contexts: tuple[Context, ...]) -> tuple | None:
    """One search before and one after a hit that must succeed for any of ``contexts`` to apply.

    Most hits have no cue nearby; the screen then saves a search per context. It is built only
    when it is exact: each context needs a cue (``any``, or ``all`` with a cue given), and no
    cue pattern depends on what lies outside its window (see ``_WINDOW_DEPENDENT``; ``^`` is
    allowed after a hit, where every window starts at the hit). A cue found in a context's own
    window, a suffix of the text before or a prefix of the text after, is then found in the
    widest window by the alternation of all cues; a hit without one skips the contexts.
    """
    if not contexts:
        return None
    before_patterns, after_patterns = [], []
    before_windows, after_windows = [], []
    plain_flags = re.compile("").flags
    for context in contexts:
        if context.match not in ("any", "all") or (
            context.before is None and context.after is None
        ):
            return None
        for pattern, patterns, start_allowed in (
            (context.before, before_patterns, False),
            (context.after, after_patterns, True),
        ):
            if pattern is None:
                continue
            source = pattern.pattern
            if pattern.flags != plain_flags or _WINDOW_DEPENDENT.search(source):
                return None
            if "^" in source and not start_allowed:
                return None
            patterns.append(f"(?:{source})")
        if context.before is not None:
            before_windows.append(context.before_window)
        if context.after is not None:
            after_windows.append(context.after_window)
    try:
        search_before = re.compile("|".join(before_patterns)).search if before_patterns else None
        search_after = re.compile("|".join(after_patterns)).search if after_patterns else None
    except re.error:
        return None
    return (
        max(before_windows, default=0),
        max(after_windows, default=0),
        search_before,
        search_after,
    )


class Engine:
    """Scan records against one rule pack. Build once, reuse for any number of records."""

    def __init__(
        self, pack: RulePack | str | Path | None = None, *, batch_records: int = 2048
    ) -> None:
        self.pack = pack if isinstance(pack, RulePack) else load_rule_pack(pack)
        self.batch_records = batch_records
        self.rules: tuple[Rule, ...] = self.pack.rules
        entries: dict[str, list[tuple[int, str]]] = {}
        for rule_index, rule in enumerate(self.rules):
            for term in rule.terms:
                forms = {term}
                if term in rule.pinyin_terms:
                    forms |= pinyin_forms(term)
                forms |= {variant for variant, target in rule.variants.items() if target == term}
                expanded = set()
                for form in forms:
                    expanded |= _case_forms(form)
                    if ":" in form:
                        expanded.add(form.replace(":", "："))
                for form in expanded:
                    entries.setdefault(form, []).append((rule_index, term))
        # Phrases that contain a trigger but are not claims (第一次, 最高人民法院, 转运中心) go
        # into the automaton too: leftmost-longest matching then prefers them over the trigger
        # inside, and the hit is dropped before any Python-level check. Being in one automaton,
        # a not-term shadows the triggers of every rule, which is what a non-claim phrase means.
        for rule in self.rules:
            for not_term in rule.not_terms:
                if not_term not in entries:
                    entries[not_term] = [(_NOT_A_CLAIM, "")]
        # Words that tell a record's category when the record does not (保健食品 registration
        # numbers) ride in the same automaton as markers.
        cues = self.pack.parameters.get("category_cues")
        for category, words in ((cues.value or {}) if cues else {}).items():
            for word in words:
                entries.setdefault(word, []).append((_CATEGORY_MARKER, category))
        self.patterns: list[str] = sorted(entries)
        self.normaliser = Normaliser(
            relevant=self._relevant_characters(entries),
            join_after={character for pattern in entries for character in pattern[:-1]},
            join_before={character for pattern in entries for character in pattern[1:]},
        )
        self._entries = [tuple(entries[pattern]) for pattern in self.patterns]
        # Matching UTF-8 bytes is faster than matching str (detection-rules.md §1); hits are
        # rare, so turning their byte offsets back into character offsets costs little. A DFA
        # (about 12 ms to build, a few MB) scans twice as fast as the default NFA for this many
        # patterns, with the same leftmost-longest matches.
        self.automaton = ahocorasick_rs.BytesAhoCorasick(
            [pattern.encode() for pattern in self.patterns],
            matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
            implementation=ahocorasick_rs.Implementation.DFA,
        )
        self._pattern_lengths = [len(pattern) for pattern in self.patterns]
        self._windows = [
            (
                max([c.before_window for c in rule.exemptions + rule.escalations] + [0]),
                max([c.after_window for c in rule.exemptions + rule.escalations] + [0]),
            )
            for rule in self.rules
        ]
        self._applicable: dict[tuple[str, str], tuple[bool, ...]] = {}
        self._context_cache: dict[tuple, tuple[tuple, tuple, tuple | None]] = {}
        self._screens: dict[tuple[str, ...], tuple | None] = {}
        self._label = self.pack.label
        self._checks: dict[tuple[str, str], tuple[Rule, ...]] = {}
        # Record-level checks other than the price ones apply only to some source types or
        # categories; records outside both skip the check loop. The price checks are reached
        # through the fields they need instead: counting them here would send every listing
        # into the loop.
        other_checks = [
            rule for rule in self.rules if rule.check and rule.check not in _FIELD_CHECKS
        ]
        self._check_source_types = {
            source_type
            for rule in other_checks
            if not rule.categories
            for source_type in rule.source_types
        }
        self._check_categories = {category for rule in other_checks for category in rule.categories}

    def _relevant_characters(self, patterns) -> set[str]:
        """Every character a trigger, not-term, cue or parameter of the pack can contain."""
        texts = list(patterns)
        for rule in self.rules:
            texts.extend(rule.not_terms)
            if rule.requires_nearby is not None:
                texts.append(rule.requires_nearby.pattern)
        for context in self.pack.contexts.values():
            texts.extend(p.pattern for p in (context.before, context.after) if p is not None)
        texts.extend(str(parameter.value) for parameter in self.pack.parameters.values())
        return {character for text in texts for character in text}

    # -- public API ------------------------------------------------------------------------

    def scan(self, record: Record) -> list[Finding]:
        """Findings for one record, in text order (title first)."""
        return list(next(iter(self.scan_many([record])))[1])

    def scan_text(self, text: str, *, source_type: str = "listing", category: str = "", **fields):
        """Findings for one text; a convenience for tests and the rules page."""
        record_id = fields.pop("id", "-")
        return self.scan(
            Record(id=record_id, text=text, source_type=source_type, category=category, **fields)
        )

    def scan_many(self, records: Iterable[Record]) -> Iterator[tuple[Record, Sequence[Finding]]]:
        """Yield ``(record, findings)`` for each record, in input order.

        ``findings`` is a list, or an empty tuple for a record without findings.
        """
        iterator = iter(records)
        while batch := list(islice(iterator, self.batch_records)):
            yield from self._scan_batch(batch)

    # -- internals ------------------------------------------------------------------------

    def _applicable_rules(self, source_type: str, category: str) -> tuple[bool, ...]:
        key = (source_type, category)
        applicable = self._applicable.get(key)
        if applicable is None:
            applicable = tuple(rule.applies_to(source_type, category) for rule in self.rules)
            self._applicable[key] = applicable
        return applicable

    def _check_rules(self, source_type: str, category: str) -> tuple[Rule, ...]:
        key = (source_type, category)
        checks = self._checks.get(key)
        if checks is None:
            checks = tuple(
                rule for rule in self.rules if rule.check and rule.applies_to(source_type, category)
            )
            self._checks[key] = checks
        return checks

    def _find(self, text: str) -> list[tuple[int, int, int]]:
        """Leftmost-longest matches of the trigger patterns, as character offsets."""
        data = text.encode()
        matches = self.automaton.find_matches_as_indexes(data)
        if not matches or len(data) == len(text):
            return matches
        # Byte offsets to character offsets without decoding the text between hits: no pattern
        # starts between the end of one leftmost-longest match and the start of the next, so
        # the next match is the first occurrence of its pattern after the previous one ends.
        patterns = self.patterns
        lengths = self._pattern_lengths
        find = text.find
        converted = []
        character = 0
        for pattern_index, _, _ in matches:
            start = find(patterns[pattern_index], character)
            character = start + lengths[pattern_index]
            converted.append((pattern_index, start, character))
        return converted

    def _scan_batch(self, records: list[Record]) -> Iterator[tuple[Record, Sequence[Finding]]]:
        # Pieces are the texts scanned: each record's title (when it has one) and text.
        if any(map(_TITLE, records)):
            piece_records, piece_fields, texts = [], [], []
            for index, record in enumerate(records):
                if record.title:
                    piece_records.append(index)
                    piece_fields.append("title")
                    texts.append(record.title)
                piece_records.append(index)
                piece_fields.append("text")
                texts.append(record.text)
        else:
            piece_records = range(len(records))
            piece_fields = None
            texts = list(map(_TEXT, records))
        joined = "\n".join(texts)
        # Where each piece starts in the joined text: its predecessors' lengths plus one line
        # break each (computed without a Python-level loop; batches are thousands of records).
        original_starts = [0]
        original_starts.extend(map(add, accumulate(map(len, texts[:-1])), range(1, len(texts))))
        normalised = self.normaliser.normalise(joined)
        norm_text = normalised.text
        # The offset maps of NormalisedText, inlined: hits are many, method calls add up.
        points = normalised.deletion_points
        through = normalised.deleted_through
        findings: dict[int, list[Finding]] = {}
        categories: dict[int, str] = {}
        hits = []
        all_entries = self._entries
        for pattern_index, start, end in self._find(norm_text):
            entries = all_entries[pattern_index]
            kind = entries[0][0]
            if kind == _NOT_A_CLAIM:
                continue
            if points:
                index = bisect_right(points, start) - 1
                begin = start if index < 0 else start + through[index]
            else:
                begin = start
            piece = bisect_right(original_starts, begin) - 1
            record_index = piece_records[piece]
            if kind == _CATEGORY_MARKER:
                if not records[record_index].category:
                    categories.setdefault(record_index, entries[0][1])
                continue
            hits.append((piece, record_index, entries, start, end, begin))
        applicable_rules = self._applicable
        evaluate = self._evaluate_hit
        for piece, record_index, entries, start, end, begin in hits:
            record = records[record_index]
            category = (
                categories.get(record_index, record.category) if categories else record.category
            )
            applicable = applicable_rules.get((record.source_type, category))
            if applicable is None:
                applicable = self._applicable_rules(record.source_type, category)
            if points:
                index = bisect_right(points, end - 1) - 1
                finish = end if index < 0 else end + through[index]
            else:
                finish = end
            for rule_index, term in entries:
                if not applicable[rule_index]:
                    continue
                finding = evaluate(
                    rule_index, term, norm_text, start, end, record, category,
                    piece_fields[piece] if piece_fields else "text", joined, begin, finish,
                    original_starts[piece],
                )  # fmt: skip
                if finding is not None:
                    found = findings.get(record_index)
                    if found is None:
                        findings[record_index] = [finding]
                    else:
                        found.append(finding)
        self._run_checks(
            records, piece_records, piece_fields, normalised, original_starts, categories, findings
        )
        # Records without findings share one empty tuple; the rest get their list.
        if not findings:
            return zip(records, repeat(()), strict=False)
        return zip(records, map(findings.get, range(len(records)), repeat(())), strict=True)

    def _run_checks(
        self, records, piece_records, piece_fields, normalised, original_starts, categories,
        findings,
    ) -> None:  # fmt: skip
        """Record-level checks, for the records some check can apply to."""
        check_categories = self._check_categories
        check_source_types = self._check_source_types
        # Attribute sweeps in C first: most batches have no record a record-level check needs.
        count = len(records)
        any_price = (
            list(map(_COMPARISON_PRICE, records)).count(None) != count
            or list(map(_DISPLAY_PRICE, records)).count(None) != count
            or list(map(_PRICE_HISTORY, records)).count(()) != count
        )
        any_source_type = not check_source_types.isdisjoint(map(_SOURCE_TYPE, records))
        any_category = not check_categories.isdisjoint(map(_CATEGORY, records))
        if any_price or any_source_type or any_category:
            candidates = [
                index
                for index, record in enumerate(records)
                if record.comparison_price is not None
                or record.display_price is not None
                or record.price_history
                or record.source_type in check_source_types
                or record.category in check_categories
                or index in categories
            ]
        elif categories:
            candidates = sorted(categories)
        else:
            return
        if piece_fields is not None:
            # A record's pieces are consecutive: its title (if any), then its text.
            first_piece: dict[int, int] = {}
            for piece, owner in enumerate(piece_records):
                first_piece.setdefault(owner, piece)
        for index in candidates:
            record = records[index]
            category = categories.get(index, record.category)
            for rule in self._check_rules(record.source_type, category):
                if rule.check in _PRICE_CHECKS and (
                    record.comparison_price is None or not record.price_history
                ):
                    continue
                if rule.check in _DISPLAY_PRICE_CHECKS and (
                    record.display_price is None or record.price is None
                ):
                    continue
                if rule.check in _HISTORY_CHECKS and (
                    record.price is None or not record.price_history
                ):
                    continue
                if piece_fields is None:
                    pieces = (index,)
                else:
                    piece = first_piece[index]
                    pieces = (piece, piece + 1) if piece_fields[piece] == "title" else (piece,)
                text = self._record_text(normalised, original_starts, pieces)
                check = RECORD_CHECKS[rule.check]
                label = VERDICT_LABELS[rule.verdict]
                for field_name, start, end, match, explanation in check(
                    rule, record, text, self.pack
                ):
                    findings.setdefault(index, []).append(
                        self._finding(
                            rule,
                            record,
                            field_name,
                            start,
                            end,
                            match,
                            rule.verdict,
                            rule.severity,
                            "",
                            f"【{label}】{explanation}",
                        )
                    )

    @staticmethod
    def _record_text(normalised, original_starts, pieces) -> str:
        """The normalised title and text of one record, for record-level checks."""
        last = len(original_starts) - 1
        parts = []
        for piece in pieces:
            start = normalised.to_normalised(original_starts[piece])
            end = (
                normalised.to_normalised(original_starts[piece + 1]) - 1
                if piece < last
                else len(normalised.text)
            )
            parts.append(normalised.text[start:end])
        return "\n".join(parts)

    def _finding(
        self, rule, record, field_name, start, end, match, verdict, severity, context,
        explanation, legal_basis=None,
    ) -> Finding:  # fmt: skip
        # Positional, in Finding's field order: keyword arguments cost more per finding.
        return Finding(
            record.id, rule.id, rule.family, verdict, legal_basis or rule.legal_basis, start,
            end, match, explanation, field_name, severity, context, record.shop_id,
            record.source_type, record.line, self._label,
        )  # fmt: skip

    def _contexts(self, rule_index, term, source_type, category):
        """The exemptions and escalations that can apply to a hit, by the filters they name."""
        key = (rule_index, term, source_type, category)
        contexts = self._context_cache.get(key)
        if contexts is None:
            rule = self.rules[rule_index]
            applicable = [
                context
                for context in rule.exemptions
                if not (context.terms and term not in context.terms)
                and not (context.source_types and source_type not in context.source_types)
                and not (context.categories and category not in context.categories)
            ]
            # Contexts read from the record's own names have no cues: they stay out of the
            # prepared list and its screen, and are looked at only when a record has a name.
            named = tuple(context for context in applicable if context.record_name)
            exemptions = tuple(
                _prepared(context) for context in applicable if not context.record_name
            )
            escalations = tuple(
                _prepared(context)
                for context in rule.escalations
                if not (context.categories and category not in context.categories)
            )
            screens = self._screens
            ids = tuple(prepared[0].id for prepared in exemptions)
            if ids not in screens:
                screens[ids] = _cue_screen(tuple(prepared[0] for prepared in exemptions))
            contexts = self._context_cache[key] = (exemptions, escalations, screens[ids], named)
        return contexts

    def _evaluate_hit(
        self, rule_index, term, text, start, end, record, category, field_name, joined, begin,
        finish, original_start,
    ) -> Finding | None:  # fmt: skip
        # Windows around the hit stop at sentence ends, and the line break between two pieces
        # of a batch is one: no window crosses into another piece, so none is clipped to it.
        rule = self.rules[rule_index]
        verdict = rule.verdict
        if rule.requires_nearby is not None:
            window = rule.nearby_window
            nearby = (
                _tail_of_sentence(text, max(0, start - window), start)
                + _HEAD_OF_SENTENCE.match(text, end, end + window).group()
            )
            if rule.requires_nearby.search(nearby) is None:
                if rule.nearby_otherwise is None:
                    return None
                verdict = rule.nearby_otherwise
        severity = rule.severity
        context_id = ""
        legal_basis = rule.legal_basis
        notes = []
        if rule.exemptions or rule.escalations:
            before_window, after_window = self._windows[rule_index]
            before = _tail_of_sentence(text, max(0, start - before_window), start)
            after = _HEAD_OF_SENTENCE.match(text, end, end + after_window).group()
            exemptions, escalations, screen, named = self._contexts(
                rule_index, term, record.source_type, category
            )
            if (
                named
                and (record.registered_name or record.displayed_name)
                and _inside_record_name(record, joined, begin, finish)
            ):
                context = named[0]
                verdict = context.verdict
                context_id = context.id
                legal_basis = context.cited_with(legal_basis)
                notes.append(context.explanation)
                exemptions = ()
            elif screen is not None:
                before_window, after_window, search_before, search_after = screen
                if not (
                    (
                        search_before is not None
                        and search_before(
                            before[len(before) - before_window :]
                            if before_window < len(before)
                            else before
                        )
                        is not None
                    )
                    or (search_after is not None and search_after(after[:after_window]) is not None)
                ):
                    exemptions = ()
            for prepared in exemptions:
                condition = prepared[0].record_condition
                unless_before = prepared[0].unless_before
                if (
                    _cues_match(prepared, before, after)
                    and (unless_before is None or unless_before.search(before + term) is None)
                    and (condition is None or RECORD_CONDITIONS[condition](record, self.pack))
                ):
                    context = prepared[0]
                    verdict = context.verdict
                    context_id = context.id
                    legal_basis = context.cited_with(legal_basis)
                    notes.append(context.explanation)
                    break
            if verdict == "violation":
                for prepared in escalations:
                    context = prepared[0]
                    if (context.before is not None or context.after is not None) and not (
                        _cues_match(prepared, before, after)
                    ):
                        continue
                    severity = context.severity
                    context_id = context.id
                    legal_basis = context.cited_with(legal_basis)
                    notes.append(context.explanation)
                    break
        match = joined[begin:finish]
        explanation = rule.explanation.format(match=match, term=term)
        if match != term:
            explanation += f"（原文「{match}」经规范化识别为「{term}」）"
        if notes:
            explanation += "".join(note.format(match=match, term=term) for note in notes)
        return Finding(
            record.id, rule.id, rule.family, verdict, legal_basis, begin - original_start,
            finish - original_start, match, f"【{VERDICT_LABELS[verdict]}】{explanation}",
            field_name, severity, context_id, record.shop_id, record.source_type, record.line,
            self._label,
        )  # fmt: skip
