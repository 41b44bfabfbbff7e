"""Written Vietnamese to its spoken form, the way an announcer reads it (northern standard)."""

from __future__ import annotations

from collections.abc import Callable

from service.text.normalize import rules
from service.text.normalize.lexicon import Entry, Lexicon, builtin
from service.text.repair import prepare

Step = Callable[[str], str]

# Order matters: forms that contain numbers (phones, times, dates) go before plain numbers, and the
# abbreviation lexicon runs while digits are still digits so its context rules can see them.
BEFORE_LEXICON: tuple[Step, ...] = (
    rules.etc, rules.web_addresses, rules.definitions, rules.document_numbers, rules.glued, rules.service_numbers,
    rules.records, rules.plates, rules.phones, rules.addresses, rules.digit_strings, rules.round_the_clock,
    rules.times, rules.date_ranges, rules.dates, rules.roads, rules.dimensions, rules.fractions, rules.ranges,
    rules.roman, rules.weekdays, rules.ordinals, rules.ratios, rules.slashed_words, rules.letter_codes,
)
AFTER_LEXICON: tuple[Step, ...] = (
    rules.number_units, rules.versions, rules.numbers, rules.capitals, rules.symbols, rules.tidy,
)


# Steps that only ever read digits: a line without any (most of an article's lines) skips them.
WITH_DIGITS = frozenset({
    rules.document_numbers, rules.glued, rules.service_numbers, rules.records, rules.plates, rules.phones,
    rules.addresses, rules.digit_strings, rules.round_the_clock, rules.times, rules.date_ranges, rules.dates,
    rules.roads, rules.dimensions, rules.fractions, rules.ranges, rules.ordinals, rules.letter_codes,
    rules.number_units, rules.versions, rules.numbers,
})


def normalize(text: str, lexicon: Lexicon | None = None) -> str:
    """The spoken form of one line or paragraph; station entries (lexicon) win over the built-in ones."""
    text = prepare(text)
    digits = any(c.isdigit() for c in text)
    for step in BEFORE_LEXICON:
        if digits or step not in WITH_DIGITS:
            text = step(text)
    text = (lexicon or builtin()).apply(text)
    for step in AFTER_LEXICON:
        if digits or step not in WITH_DIGITS:
            text = step(text)
    return text


def with_station_entries(entries: list[Entry]) -> Lexicon:
    return builtin().merged(entries) if entries else builtin()
