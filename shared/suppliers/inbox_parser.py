"""Parse free text pasted into the 回传 inbox into shipment records (pure; never raises).

Accepted layouts, in any mix, with Chinese or ASCII punctuation and full-width characters:

    3705115058471208704 中通 73123456789012          order, courier, number on one line
    订单号：XS-2024-0001，快递：圆通 YT1234567890123    labels in any order
    3705115058471208704                             chat style: the order on one line ...
    中通快递 73123456789012                          ... the courier and number on the next
    73123456789013                                  ... a second package right below
    PO20261126001 缺货                               a status instead of a number

What a word is: after an order label it is an order reference; after a tracking label or a courier
name it is a tracking number; otherwise a word that cannot be a tracking number (19-digit shop
order ids, PO-123 ...) is a reference, a word with a distinctive courier format is a number, and
of two undecided words the first is the reference. Never guess beyond that: a line with several
references and numbers that do not pair up one-to-one is refused with a reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from shared.couriers import Problem, by_code, detect, matches_any
from shared.couriers.normalize import fold
from shared.suppliers.inbox_problems import (
    ambiguous_pairs,
    cancelled,
    line_too_long,
    missing_order_ref,
    missing_tracking_number,
    out_of_stock,
    paste_too_long,
    paste_too_many_lines,
)
from shared.suppliers.inbox_tokens import Line, Token, tokenize
from shared.suppliers.model import ShipmentStatus

_MIN_WORD = 6
_MIN_CODE = 4
_LONG_DIGITS = 16  # pure digit runs this long are order ids (shop: 19 digits, 1688: 17-19)
_DISTINCTIVE = 0.8
_PHONE = re.compile(r"1[3-9][0-9]{9}")
_DATE = re.compile(r"(?:19|20)[0-9]{2}-[0-9]{1,2}-[0-9]{1,2}")
_LINE_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029\u0085]")

# Bounds checked before any pattern runs. A line holds one order (its reference, courier, numbers,
# perhaps a name and an address): 300 characters is generous. A paste is a day's chat at most;
# a longer one is refused whole with a sentence saying to split it, never read in part.
MAX_LINE_CHARS = 300
MAX_PASTE_CHARS = 10_000
MAX_PASTE_LINES = 200


@dataclass(frozen=True, slots=True)
class InboxRecord:
    """One shipment record found in the pasted text.

    ``line`` is the 1-based line where the record starts; ``order_ref`` the shop order id or
    supplier order no. as written (after full-width to half-width); ``courier`` our code (named in
    the text, or detected when the number leaves no doubt); ``problem`` says why the record cannot
    be used as it is. A status other than "shipped" carries no numbers.
    """

    line: int
    order_ref: str | None
    courier: str | None
    courier_text: str | None
    tracking_numbers: tuple[str, ...]
    status: ShipmentStatus = "shipped"
    problem: Problem | None = None

    def as_dict(self) -> dict[str, object]:
        """The stable ``parse-inbox`` CLI contract."""
        return {
            "line": self.line,
            "order_ref": self.order_ref,
            "courier": self.courier,
            "tracking_numbers": list(self.tracking_numbers),
            "error": self.problem.as_dict() if self.problem else None,
        }


@dataclass(frozen=True, slots=True)
class _Track:
    word: str
    courier: Token | None


@dataclass(frozen=True, slots=True)
class _LineReading:
    refs: tuple[str, ...]
    tracks: tuple[_Track, ...]
    couriers: tuple[Token, ...]
    status: ShipmentStatus | None
    mentions_tracking: bool
    paired: bool  # refs and numbers alternate one-to-one on the line


def parse_inbox(text: str) -> list[InboxRecord]:
    """All shipment records in ``text``, in order of their starting line."""
    if len(text) > MAX_PASTE_CHARS:
        return [InboxRecord(1, None, None, None, (), problem=paste_too_long(len(text), MAX_PASTE_CHARS))]
    lines = _LINE_BREAK.split(text)
    filled = sum(1 for line in lines if line.strip())
    if filled > MAX_PASTE_LINES:
        return [InboxRecord(1, None, None, None, (), problem=paste_too_many_lines(filled, MAX_PASTE_LINES))]
    return _Parser().run(lines)


class _Parser:
    """The small state machine that lets a record span lines (chat style)."""

    def __init__(self) -> None:
        self.records: list[InboxRecord] = []
        self.pending_ref: tuple[int, str, Token | None, bool] | None = None  # line, ref, courier, intent
        self.pending_courier: Token | None = None
        self.open_record: int | None = None  # index of a record the next line may continue

    def run(self, lines: Iterable[str]) -> list[InboxRecord]:
        for number, raw in enumerate(lines, start=1):
            if len(raw) > MAX_LINE_CHARS:
                # Refused whole, and it ends a record spanning lines (what it meant is unknown).
                self._flush_pending()
                self.open_record = None
                self.pending_courier = None
                self._add(
                    InboxRecord(number, None, None, None, (), problem=line_too_long(len(raw), MAX_LINE_CHARS))
                )
                continue
            line = tokenize(number, raw)
            if not line.tokens:
                if not line.text.strip():
                    self._flush_pending()
                    self.open_record = None
                    self.pending_courier = None
                continue
            self._line(line, _read(line))
        self._flush_pending()
        return sorted(self.records, key=lambda r: r.line)

    def _line(self, line: Line, reading: _LineReading) -> None:
        refs, tracks = reading.refs, reading.tracks
        if reading.couriers and not refs and not tracks:
            self.pending_courier = reading.couriers[0]  # "中通快递" alone: the number follows
            return
        if reading.status is not None and not tracks:
            self._status_line(line, reading.status, refs)
            return
        if not refs and not tracks:
            return
        if len(refs) > 1 and tracks and not reading.paired:
            self._flush_pending()
            self._add(
                InboxRecord(
                    line.number,
                    None,
                    None,
                    None,
                    tuple(t.word for t in tracks),
                    problem=ambiguous_pairs(len(refs), len(tracks)),
                )
            )
            self.open_record = None
            return
        if refs and not tracks:
            self._flush_pending()
            self.open_record = None
            courier = reading.couriers[0] if reading.couriers else self.pending_courier
            self.pending_ref = (
                line.number,
                refs[-1],
                courier,
                reading.mentions_tracking or courier is not None,
            )
            return
        if refs:
            self._flush_pending()
            if reading.paired and len(refs) > 1:
                for ref, track in zip(refs, tracks, strict=True):
                    self._emit(line.number, ref, [track])
                self.open_record = None
            else:
                self.open_record = self._emit(line.number, refs[0], list(tracks))
            return
        self._numbers_only(line, list(tracks))

    def _numbers_only(self, line: Line, tracks: list[_Track]) -> None:
        if self.pending_ref is not None:
            start, ref, courier, _ = self.pending_ref
            self.pending_ref = None
            tracks = [t if t.courier else replace(t, courier=courier or self.pending_courier) for t in tracks]
            self.open_record = self._emit(start, ref, tracks)
            return
        if self.open_record is not None:
            record = self.records[self.open_record]
            if record.order_ref is not None and record.problem is None and record.status == "shipped":
                extra = _records(record.line, record.order_ref, tracks, self._fallback_courier(record))
                if (
                    len(extra) == 1
                    and extra[0].problem is None
                    and extra[0].courier in (None, record.courier)
                ):
                    numbers = tuple(dict.fromkeys(record.tracking_numbers + extra[0].tracking_numbers))
                    self.records[self.open_record] = replace(record, tracking_numbers=numbers)
                    return
        tracks = [t if t.courier else replace(t, courier=self.pending_courier) for t in tracks]
        for record in _records(line.number, None, tracks, None):
            self._add(replace(record, problem=record.problem or missing_order_ref()))
        self.open_record = None

    def _fallback_courier(self, record: InboxRecord) -> Token | None:
        if record.courier is None:
            return None
        return Token("courier", record.courier_text or record.courier, record.courier, 0, 0)

    def _status_line(self, line: Line, status: ShipmentStatus, refs: tuple[str, ...]) -> None:
        problem = out_of_stock() if status == "out_of_stock" else cancelled()
        if not refs and self.pending_ref is not None:
            start, ref, _, _ = self.pending_ref
            self.pending_ref = None
            self._add(InboxRecord(start, ref, None, None, (), status, problem))
            return
        self._flush_pending()
        for ref in refs:
            self._add(InboxRecord(line.number, ref, None, None, (), status, problem))
        self.open_record = None

    def _emit(self, start: int, ref: str, tracks: list[_Track]) -> int | None:
        made = _records(start, ref, tracks, self.pending_courier)
        for record in made:
            self._add(record)
        return len(self.records) - 1 if len(made) == 1 else None

    def _add(self, record: InboxRecord) -> None:
        self.records.append(record)

    def _flush_pending(self) -> None:
        if self.pending_ref is None:
            return
        start, ref, courier, intent = self.pending_ref
        self.pending_ref = None
        if intent:  # the supplier meant to give a number ("订单 X 中通" with nothing after)
            code = courier.value if courier else None
            self._add(
                InboxRecord(
                    start, ref, code, courier.text if courier else None, (), problem=missing_tracking_number()
                )
            )


def _records(line: int, ref: str | None, tracks: list[_Track], default: Token | None) -> list[InboxRecord]:
    """Validate the numbers of one order; one record per courier named (packages may differ)."""
    groups: dict[str | None, list[_Track]] = {}
    for track in tracks:
        courier = track.courier or default
        groups.setdefault(courier.value if courier else None, []).append(replace(track, courier=courier))
    out: list[InboxRecord] = []
    for code, members in groups.items():
        numbers: list[str] = []
        problem: Problem | None = None
        detected: set[str | None] = set()
        for track in members:
            found = detect(track.word, chosen=code)
            numbers.append(found.normalized or fold(track.word))
            if found.problem is not None:
                problem = problem or found.problem
            detected.add(found.best.code if found.best and not found.ambiguous else None)
        resolved = code
        if resolved is None and len(detected) == 1:
            resolved = next(iter(detected))
        named = members[0].courier
        text = named.text if named else None
        out.append(InboxRecord(line, ref, resolved, text, tuple(dict.fromkeys(numbers)), problem=problem))
    return out


def _merge_spaced(line: Line) -> list[Token]:
    """Join numbers typed in chunks ("7312 3456 7890 12", "SF 1234567890123") into one word token,
    only when the joined text is a known format and the first chunk alone is not."""
    items = list(line.tokens)
    out: list[Token] = []
    i = 0
    while i < len(items):
        first = items[i]
        best_j = -1
        chunkable = first.kind == "word" or (first.kind == "courier" and first.text.isascii())
        if chunkable and not (first.kind == "word" and matches_any(fold(first.text))):
            joined = fold(first.text)
            for j in range(i + 1, len(items)):
                nxt = items[j]
                if nxt.kind != "word" or line.between(items[j - 1], nxt).strip(" -") != "":
                    break
                joined += fold(nxt.text)
                if len(joined) > 32:
                    break
                if matches_any(joined):
                    best_j = j
        if best_j > i:
            text = "".join(t.text for t in items[i : best_j + 1])
            out.append(Token("word", text, text, first.start, items[best_j].end))
            if first.kind == "courier":
                out.append(Token("courier", first.text, first.value, first.start, first.start))
            i = best_j + 1
        else:
            out.append(first)
            i += 1
    return sorted(out, key=lambda t: (t.start, t.kind != "courier"))


def _is_candidate_word(word: str) -> bool:
    """Could be an order reference or a tracking number: digits, and long enough. Short codes with
    a letter (A001) can be supplier order numbers; short digit runs are quantities, years, prices."""
    if not any(ch.isdigit() for ch in word):
        return False
    digits_only = word.isdigit()
    if len(word) < (_MIN_WORD if digits_only else _MIN_CODE):
        return False
    return _PHONE.fullmatch(word) is None and _DATE.fullmatch(word) is None


def _can_be_tracking(word: str) -> bool:
    compact = fold(word).replace("-", "").replace("_", "")
    if compact.isdigit() and len(compact) >= _LONG_DIGITS:
        return False
    return detect(word).problem is None


def _distinctive(word: str) -> bool:
    found = detect(word)
    return found.best is not None and not found.ambiguous and found.best.format.weight >= _DISTINCTIVE


def _read(line: Line) -> _LineReading:
    """Decide, for one line, which words are references and which are tracking numbers."""
    tokens = _merge_spaced(line)
    roles: list[tuple[Token, str]] = []  # (word token, "ref" | "track" | "?")
    couriers = tuple(t for t in tokens if t.kind == "courier")
    status: ShipmentStatus | None = None
    mentions_tracking = False
    context = ""
    for token in tokens:
        if token.kind == "status":
            status = "out_of_stock" if token.value == "out_of_stock" else "cancelled"
        elif token.kind == "track_label":
            mentions_tracking = True
            context = "track"
        elif token.kind == "order_label":
            context = "ref"
        elif token.kind == "courier":
            context = "track"
        elif token.kind == "word" and _is_candidate_word(token.text):
            if context:
                roles.append((token, context))
            elif not _can_be_tracking(token.text):
                roles.append((token, "ref"))
            elif _distinctive(token.text):
                roles.append((token, "track"))
            else:
                roles.append((token, "?"))
            context = ""
    if not any(role == "ref" for _, role in roles):
        undecided = [i for i, (_, role) in enumerate(roles) if role == "?"]
        if len(undecided) >= 2:
            roles[undecided[0]] = (roles[undecided[0]][0], "ref")
    refs = tuple(t.text for t, role in roles if role == "ref")
    tracks = tuple(_Track(t.text, _courier_for(t, couriers)) for t, role in roles if role in ("track", "?"))
    sequence = [role if role != "?" else "track" for _, role in roles]
    paired = len(refs) == len(tracks) and sequence == ["ref", "track"] * len(refs)
    return _LineReading(refs, tracks, couriers, status, mentions_tracking, paired)


def _courier_for(word: Token, couriers: tuple[Token, ...]) -> Token | None:
    """The courier named nearest before the number, else the nearest after it (73123… 中通)."""
    if not couriers:
        return None
    before = [c for c in couriers if c.start <= word.start]
    if before:
        return before[-1]
    return min(couriers, key=lambda c: c.start - word.end)


def courier_name(code: str | None) -> str | None:
    """Our Chinese name for a courier code (for messages written back to the inbox)."""
    return by_code(code).name.zh if code else None
