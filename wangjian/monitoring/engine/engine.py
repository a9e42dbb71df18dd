"""The matcher: one Aho–Corasick automaton over every literal trigger of every rule.

Records are scanned in batches: their texts are joined with line breaks, normalised once and
matched once. Only around a hit does the engine look further: the rule's ``not_terms`` (第一次
is not 第一), words that must be nearby (a disease near 治疗), the exemption contexts of the
absolute-terms guideline and the escalation contexts of its Art. 11. There is no per-rule pass
over the text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from itertools import product
from pathlib import Path

import ahocorasick_rs

from .checks import RECORD_CHECKS
from .normalise import Normaliser
from .records import Finding, Record
from .rules import Context, Rule, RulePack, load_rule_pack

SENTENCE_ENDS = "。！？!?；;\n"
VERDICT_LABELS = {"violation": "违法", "needs_substantiation": "需举证", "exempt": "豁免"}


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


def _clip_before(text: str, start: int, limit: int) -> str:
    window = text[max(limit, 0) : start]
    cut = max(window.rfind(end) for end in SENTENCE_ENDS)
    return window[cut + 1 :] if cut >= 0 else window


def _clip_after(text: str, end: int, limit: int) -> str:
    window = text[end:limit]
    cuts = [position for position in (window.find(mark) for mark in SENTENCE_ENDS) if position >= 0]
    return window[: min(cuts)] if cuts else window


def _context_matches(context: Context, before: str, after: str) -> bool:
    found_before = context.before is not None and context.before.search(before) is not None
    found_after = context.after is not None and context.after.search(after) is not None
    if context.match == "all":
        return (context.before is None or found_before) and (context.after is None or found_after)
    if context.match == "none":
        return True
    return found_before or found_after


class Engine:
    """Scan records against one rule pack. Build once, reuse for any number of records."""

    def __init__(
        self, pack: RulePack | str | Path | None = None, *, batch_characters: int = 1 << 18
    ):
        self.pack = pack if isinstance(pack, RulePack) else load_rule_pack(pack)
        self.normaliser = Normaliser()
        self.batch_characters = batch_characters
        self.rules: tuple[Rule, ...] = self.pack.rules
        self.term_rules = [rule for rule in self.rules if rule.terms]
        self.check_rules = [rule for rule in self.rules if rule.check]
        entries: dict[str, list[tuple[int, str]]] = {}
        for rule_index, rule in enumerate(self.rules):
            for term in rule.terms:
                forms = {term}
                if term in rule.pinyin_terms:
                    forms |= pinyin_forms(term)
                forms |= {
                    variant for variant, canonical in rule.variants.items() if canonical == term
                }
                expanded = set()
                for form in forms:
                    expanded |= _case_forms(form)
                    if ":" in form:
                        expanded.add(form.replace(":", "："))
                for form in expanded:
                    entries.setdefault(form, []).append((rule_index, term))
        self.patterns: list[str] = sorted(entries)
        self._entries = [tuple(entries[pattern]) for pattern in self.patterns]
        self.automaton = ahocorasick_rs.AhoCorasick(
            self.patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
        )
        # For each (rule, term): where each of the rule's not_terms would start relative to a hit.
        self._shadows: dict[tuple[int, str], tuple[tuple[int, str], ...]] = {}
        for rule_index, rule in enumerate(self.rules):
            for term in rule.terms:
                shadows = []
                for not_term in rule.not_terms:
                    offset = not_term.find(term)
                    while offset >= 0:
                        shadows.append((offset, not_term))
                        offset = not_term.find(term, offset + 1)
                self._shadows[(rule_index, term)] = tuple(shadows)
        self._applicable: dict[tuple[str, str], tuple[bool, ...]] = {}
        cues = self.pack.parameters.get("category_cues")
        self._category_cues = [
            (category, re.compile(pattern))
            for category, pattern in ((cues.value or {}) if cues else {}).items()
        ]

    # -- public API ------------------------------------------------------------------------

    def scan(self, record: Record) -> list[Finding]:
        """Findings for one record, in text order (title first)."""
        return next(iter(self.scan_many([record])))[1]

    def scan_text(self, text: str, *, source_type: str = "listing", category: str = "", **fields):
        """Findings for one text; a convenience for tests and the rules page."""
        return self.scan(
            Record(
                id=fields.pop("id", "-"),
                text=text,
                source_type=source_type,
                category=category,
                **fields,
            )
        )

    def scan_many(self, records: Iterable[Record]) -> Iterator[tuple[Record, list[Finding]]]:
        """Yield ``(record, findings)`` for each record, in input order."""
        batch: list[Record] = []
        size = 0
        for record in records:
            batch.append(record)
            size += len(record.text) + len(record.title) + 1
            if size >= self.batch_characters:
                yield from self._scan_batch(batch)
                batch, size = [], 0
        if batch:
            yield from self._scan_batch(batch)

    # -- internals ------------------------------------------------------------------------

    def _applicable_rules(self, source_type: str, category: str) -> tuple[bool, ...]:
        key = (source_type, category)
        applicable = self._applicable.get(key)
        if applicable is None:
            applicable = tuple(rule.applies_to(source_type, category) for rule in self.rules)
            self._applicable[key] = applicable
        return applicable

    def _infer_category(self, record: Record, text: str) -> str:
        if record.category:
            return record.category
        for category, pattern in self._category_cues:
            if pattern.search(text):
                return category
        return ""

    def _scan_batch(self, records: list[Record]) -> Iterator[tuple[Record, list[Finding]]]:
        piece_records: list[int] = []
        piece_fields: list[str] = []
        texts: list[str] = []
        for index, record in enumerate(records):
            if record.title:
                piece_records.append(index)
                piece_fields.append("title")
                texts.append(record.title)
            piece_records.append(index)
            piece_fields.append("text")
            texts.append(record.text)
        joined = "\n".join(texts)
        original_starts = []
        position = 0
        for text in texts:
            original_starts.append(position)
            position += len(text) + 1
        normalised = self.normaliser.normalise(joined)
        norm_text = normalised.text
        if normalised.deletion_points:
            normalised_starts = [normalised.to_normalised(start) for start in original_starts]
        else:
            normalised_starts = original_starts
        normalised_ends = [start - 1 for start in normalised_starts[1:]] + [len(norm_text)]
        hits_by_piece: dict[int, list[tuple[int, int, int]]] = {}
        for pattern_index, start, end in self.automaton.find_matches_as_indexes(norm_text):
            piece = bisect_right(normalised_starts, start) - 1
            hits_by_piece.setdefault(piece, []).append((pattern_index, start, end))
        findings: list[list[Finding]] = [[] for _ in records]
        needs_record_text = bool(self.check_rules) or bool(self._category_cues)
        record_texts: dict[int, list[str]] = {}
        if needs_record_text:
            for piece, record_index in enumerate(piece_records):
                record_texts.setdefault(record_index, []).append(
                    norm_text[normalised_starts[piece] : normalised_ends[piece]]
                )
        categories = [
            self._infer_category(record, "\n".join(record_texts.get(index, ())))
            if self._category_cues
            else record.category
            for index, record in enumerate(records)
        ]
        for piece, hits in hits_by_piece.items():
            record_index = piece_records[piece]
            record = records[record_index]
            category = categories[record_index]
            applicable = self._applicable_rules(record.source_type, category)
            piece_start = normalised_starts[piece]
            piece_end = normalised_ends[piece]
            original_start = original_starts[piece]
            for pattern_index, start, end in hits:
                for rule_index, term in self._entries[pattern_index]:
                    if not applicable[rule_index]:
                        continue
                    finding = self._evaluate_hit(
                        rule_index,
                        term,
                        norm_text,
                        start,
                        end,
                        piece_start,
                        piece_end,
                        record,
                        category,
                        piece_fields[piece],
                        normalised,
                        joined,
                        original_start,
                    )
                    if finding is not None:
                        findings[record_index].append(finding)
        for rule in self.check_rules:
            check = RECORD_CHECKS[rule.check]
            for index, record in enumerate(records):
                if not rule.applies_to(record.source_type, categories[index]):
                    continue
                text = "\n".join(record_texts.get(index, ()))
                for field_name, start, end, match, explanation in check(
                    rule, record, text, self.pack
                ):
                    label = VERDICT_LABELS[rule.verdict]
                    findings[index].append(
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
        for index, record in enumerate(records):
            yield record, findings[index]

    def _finding(
        self,
        rule,
        record,
        field_name,
        start,
        end,
        match,
        verdict,
        severity,
        context,
        explanation,
        legal_basis=None,
    ) -> Finding:
        return Finding(
            id=record.id,
            rule=rule.id,
            family=rule.family,
            verdict=verdict,
            legal_basis=legal_basis or rule.legal_basis,
            start=start,
            end=end,
            match=match,
            explanation=explanation,
            field=field_name,
            severity=severity,
            context=context,
            shop_id=record.shop_id,
            source_type=record.source_type,
            line=record.line,
            rule_pack=self.pack.label,
        )

    def _evaluate_hit(
        self,
        rule_index,
        term,
        text,
        start,
        end,
        piece_start,
        piece_end,
        record,
        category,
        field_name,
        normalised,
        joined,
        original_start,
    ) -> Finding | None:
        rule = self.rules[rule_index]
        for offset, not_term in self._shadows[(rule_index, term)]:
            begin = start - offset
            if (
                begin >= piece_start
                and begin + len(not_term) <= piece_end
                and text.startswith(not_term, begin)
            ):
                return None
        if rule.requires_nearby is not None:
            window = rule.nearby_window
            nearby = _clip_before(text, start, max(piece_start, start - window)) + _clip_after(
                text, end, min(piece_end, end + window)
            )
            if rule.requires_nearby.search(nearby) is None:
                return None
        verdict = rule.verdict
        severity = rule.severity
        context_id = ""
        legal_basis = rule.legal_basis
        notes = []
        for context in rule.exemptions:
            if context.terms and term not in context.terms:
                continue
            if context.source_types and record.source_type not in context.source_types:
                continue
            if context.categories and category not in context.categories:
                continue
            before = _clip_before(text, start, max(piece_start, start - context.before_window))
            after = _clip_after(text, end, min(piece_end, end + context.after_window))
            if _context_matches(context, before, after):
                verdict = context.verdict
                context_id = context.id
                legal_basis = context.cited_with(legal_basis)
                notes.append(context.explanation)
                break
        if verdict == "violation":
            for context in rule.escalations:
                if context.categories and category not in context.categories:
                    continue
                if context.before is not None or context.after is not None:
                    before = _clip_before(
                        text, start, max(piece_start, start - context.before_window)
                    )
                    after = _clip_after(text, end, min(piece_end, end + context.after_window))
                    if not _context_matches(context, before, after):
                        continue
                severity = context.severity
                context_id = context.id
                legal_basis = context.cited_with(legal_basis)
                notes.append(context.explanation)
                break
        begin, finish = normalised.span_to_original(start, end)
        match = joined[begin:finish]
        explanation = rule.explanation.format(match=match, term=term)
        if match != term:
            explanation += f"（原文「{match}」经规范化识别为「{term}」）"
        if notes:
            explanation += "".join(note.format(match=match, term=term) for note in notes)
        return self._finding(
            rule,
            record,
            field_name,
            begin - original_start,
            finish - original_start,
            match,
            verdict,
            severity,
            context_id,
            f"【{VERDICT_LABELS[verdict]}】{explanation}",
            legal_basis,
        )
