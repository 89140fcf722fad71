"""The journal API over an object store.

Layout (keys):
    audit/<yyyy>/<mm>/<dd>/<iso time>-<n>.json          one immutable entry each (append-only)
    audit/<yyyy>/<mm>/<dd>/<iso time>-push-<hash>.json  the one entry of a settled push (see below)
    push/intents/<yyyy-mm-dd>/<order>-<hash>.<attempt>.json   created once, before the call
    push/outcomes/<yyyy-mm-dd>/<order>-<hash>.<attempt>.json  created once, when the result is known
    digests/audit/<yyyy>/<mm>/<dd>.json                 a past day's entries in one object (a copy, rebuilt
                                                        when the day's keys change; recent_entries)
    state/<name>.json                                   small mutable state (watermarks, token cache, lease)
    edits/<hash>.json, events/[<source>/]<hash>.json       once-records of entry points (``once``), expired
                                                        by the bucket's lifecycle rule after 30 days

Append-only means: audit entries, intents and outcomes are created with create-if-absent and never
rewritten. Only ``state/`` is replaced, with compare-and-swap where two writers could race.

One record of truth per push (docs/journal.md):
- Every call to the shop is one attempt with its own intent key (``PushIntent.attempt``), so a retry
  never meets an earlier attempt's outcome, and an outcome is never dropped as a "repeat".
- The outcome is the truth. It is written once, by whichever path learns the result: the pushing tick
  when the shop answered, or a later tick reading the order back (a crash, or an answer that never
  came: unknown is not failed, the intent stays unresolved until the read-back).
- The push's audit entry is derived from intent + outcome (who, old, new, reason, source: the intent;
  the result: the outcome) and created at a key derived from the intent key
  (``push_entry_key``), after the outcome, by the same path. Two writers make one entry (the second
  create finds the key taken); a crash between outcome and entry is repaired by the next tick
  (``settled_without_entry`` looks at the recent day folders only). So every outcome has exactly one
  audit entry, and an audit entry never says what the outcome does not.
- Intents and outcomes written before attempts existed (keys without ``.<attempt>``) are still read
  and settled; their audit entries were written by the old code and are not repaired.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from typing import Any

from shared.journal.errors import JournalConflict, JournalCorrupt
from shared.journal.once import Busy, Claim, Done, claim
from shared.journal.records import AuditEntry, PushIntent, PushOutcome, is_attempt_key, json_object
from shared.journal.store import ObjectStore

_MAX_SAME_INSTANT = 1000
DIGESTS = "digests/audit/"  # one object per past day: a copy of its audit entries (recent_entries)
_FIRST_KEPT = 100_000  # identities remembered in memory by record_entry_first (then forgotten at once)


class Journal:
    def __init__(self, store: ObjectStore) -> None:
        self.store = store
        # identities ``record_entry_first`` saw journaled: a warm process asks the store once each
        self._first: set[str] = set()

    # -- bulk --------------------------------------------------------------------------------------
    def replace_all(self, objects: Sequence[tuple[str, bytes]]) -> None:
        """Overwrite each key with its bytes (unconditionally: for records any later write may
        replace, like the archive index), ``write_concurrency`` of the store at a time. A failed
        write is raised (after the writes in flight have ended); the writes are idempotent, so a
        caller repeats them all."""
        workers = max(1, int(getattr(self.store, "write_concurrency", 1)))
        if workers == 1 or len(objects) < 2:
            for key, data in objects:
                self.store.replace(key, data, None)
            return

        def write(item: tuple[str, bytes]) -> bool:
            return self.store.replace(item[0], item[1], None)

        with ThreadPoolExecutor(max_workers=min(workers, len(objects))) as pool:
            for _ in pool.map(write, objects):
                pass

    # -- audit ---------------------------------------------------------------------------------
    def append(self, entry: AuditEntry) -> str:
        """Append one audit entry; returns its key. Entries at the same instant get a counter."""
        at = entry.at.astimezone(UTC)
        stamp = entry.to_json()
        base = f"audit/{at:%Y/%m/%d}/{at.strftime('%Y%m%dT%H%M%S.%f')}"
        for n in range(_MAX_SAME_INSTANT):
            key = f"{base}-{n:03d}.json"
            if self.store.create(key, stamp):
                return key
        raise JournalConflict(f"too many audit entries at {at.isoformat()}")

    def entries(self, since: datetime | None = None, until: datetime | None = None) -> Iterator[AuditEntry]:
        """Every audit entry in time order (from ``since``, before ``until``, when given). Only the
        day folders of the period are read (keys are listed, not read, outside it)."""
        first = f"audit/{since.astimezone(UTC):%Y/%m/%d}/" if since is not None else ""
        last = f"audit/{until.astimezone(UTC):%Y/%m/%d}/~" if until is not None else "audit/~"
        for key in self.store.keys("audit/"):
            if key < first or key > last:
                continue
            stored = self.store.read(key)
            if stored is None:
                continue
            entry = AuditEntry.from_json(stored.data)
            if (since is None or entry.at >= since) and (until is None or entry.at < until):
                yield entry

    def recent_entries(self, now: datetime, days: int) -> list[AuditEntry]:
        """The audit entries of the last ``days`` day folders (today included), in time order: one
        key listing per day, so the cost follows the window, never the journal's whole history.
        A past day is read from its digest (``day_digest``) when the digest still covers every key."""
        found = []
        today = now.astimezone(UTC).date()
        for day in reversed(_recent_days(now, days)):
            keys = self.store.keys(f"audit/{day:%Y/%m/%d}/")
            found += self._day_entries(day, keys) if day < today and keys else self._read_entries(keys)
        return sorted(found, key=lambda e: e.at)

    def _read_entries(self, keys: list[str]) -> list[AuditEntry]:
        found = []
        for key in keys:
            stored = self.store.read(key)
            if stored is not None:
                found.append(AuditEntry.from_json(stored.data))
        return found

    def _day_entries(self, day: date, keys: list[str]) -> list[AuditEntry]:
        """A past day's entries from ONE object, ``digests/audit/<yyyy>/<mm>/<dd>.json`` (a year of
        ticks would otherwise read each entry of the window's every day, ~30,000 objects at 1,000
        orders a day). The digest is a copy, never the record: it names the exact keys it holds (a
        hash of the listing), and a day that gained an entry since (a push's entry repaired later
        lands in its intent's day) is read again and its digest rewritten."""
        digest_key = f"{DIGESTS}{day:%Y/%m/%d}.json"
        listing = hashlib.sha256("\n".join(keys).encode("utf-8")).hexdigest()
        stored = self.store.read(digest_key)
        if stored is not None:
            try:
                doc = json.loads(stored.data.decode("utf-8"))
                if isinstance(doc, dict) and doc.get("keys") == listing:
                    # One object per repeated text (actions, reasons, results: a few dozen kinds over
                    # tens of thousands of entries in a window).
                    pool: dict[str, str] = {}
                    return [
                        AuditEntry.from_dict(
                            {k: pool.setdefault(v, v) if isinstance(v, str) else v for k, v in e.items()}
                        )
                        for e in doc["entries"]
                    ]
            except (
                UnicodeDecodeError,
                json.JSONDecodeError,
                KeyError,
                TypeError,
                AttributeError,
                JournalCorrupt,
            ):
                pass  # a damaged digest is only a copy: the entries are read again below
        entries = self._read_entries(keys)
        doc = {"keys": listing, "entries": [json.loads(e.to_json()) for e in entries]}
        self.store.replace(digest_key, json.dumps(doc, ensure_ascii=False).encode("utf-8"), None)
        return entries

    # -- pushes --------------------------------------------------------------------------------
    def record_intent(self, intent: PushIntent) -> bool:
        """Record an intent before pushing. False when the same intent exists (a repeat: do not
        push blindly; look at its outcome, or read the order back if there is none)."""
        return self.store.create(f"push/intents/{intent.key}.json", intent.to_json())

    def record_outcome(self, outcome: PushOutcome) -> bool:
        """Record what happened. False when an outcome was recorded already (the first one stands)."""
        return self.store.create(f"push/outcomes/{outcome.key}.json", outcome.to_json())

    def outcome(self, key: str) -> PushOutcome | None:
        stored = self.store.read(f"push/outcomes/{key}.json")
        return PushOutcome.from_json(stored.data) if stored else None

    def intent(self, key: str) -> PushIntent | None:
        stored = self.store.read(f"push/intents/{key}.json")
        return PushIntent.from_json(stored.data) if stored else None

    def unresolved_intents(self, now: datetime | None = None, days: int = 3) -> list[PushIntent]:
        """Intents with no outcome: a crash happened between the call and the record. The next tick
        reads these orders back from the shop to learn what really happened.

        With ``now``, only the last ``days`` days are looked at (intents live in day folders), so the
        cost does not grow with the journal's history; a crash is settled by the very next tick.
        """
        if now is None:
            prefixes = ["push/intents/"]
        else:
            prefixes = [f"push/intents/{day:%Y-%m-%d}/" for day in _recent_days(now, days)]
        pending = []
        for prefix in prefixes:
            outcomes = prefix.replace("push/intents/", "push/outcomes/", 1)
            done = {k.removeprefix("push/outcomes/").removesuffix(".json") for k in self.store.keys(outcomes)}
            for key in self.store.keys(prefix):
                name = key.removeprefix("push/intents/").removesuffix(".json")
                if name not in done:
                    stored = self.store.read(key)
                    if stored is not None:
                        pending.append(PushIntent.from_json(stored.data))
        return pending

    def pushes_for(
        self, order_id: str, now: datetime, days: int = 3
    ) -> list[tuple[PushIntent, PushOutcome | None]]:
        """The recent intents for one order (the last ``days`` day folders), each with its outcome."""
        found = []
        for day in _recent_days(now, days):
            for key in self.store.keys(f"push/intents/{day:%Y-%m-%d}/{order_id}-"):
                name = key.removeprefix("push/intents/").removesuffix(".json")
                intent = self.intent(name)
                if intent is not None and intent.order_id == order_id:
                    found.append((intent, self.outcome(name)))
        return found

    # -- one audit entry per settled push ------------------------------------------------------
    @staticmethod
    def push_entry_key(intent: PushIntent) -> str:
        """Where the audit entry of ``intent``'s push lives: derived from the intent alone (its time
        orders it among the other entries; the hash of its key makes it one per attempt)."""
        at = intent.at.astimezone(UTC)
        return f"audit/{at:%Y/%m/%d}/{at.strftime('%Y%m%dT%H%M%S.%f')}-push-{_digest(intent.key)}.json"

    def record_entry_once(self, entry: AuditEntry, identity: str) -> bool:
        """Create an audit entry that several writers may find at once (a tick and an edit's pass both
        see the same change on the shop): its key is its time and ``identity``, so they make one entry.
        False when it exists."""
        at = entry.at.astimezone(UTC)
        key = f"audit/{at:%Y/%m/%d}/{at.strftime('%Y%m%dT%H%M%S.%f')}-once-{_digest(identity)}.json"
        return self.store.create(key, entry.to_json())

    def record_entry_first(self, entry: AuditEntry, identity: str) -> AuditEntry | None:
        """Create an audit entry once per ``identity`` whatever its time (a condition the passes find
        again and again, journaled when first found): a marker is created first, then the entry
        (``record_entry_once``, keyed by the marker's copy of it). Returns the entry this call
        journaled: ``entry``, or the stored one when an earlier writer made the marker and died
        before its entry; None when it was journaled already. A process remembers the identities it
        saw journaled, so a warm one asks the store once per identity."""
        if identity in self._first:
            return None
        marker = f"once-entries/{_digest(identity)}.json"
        if not self.store.create(marker, entry.to_json()):
            stored = self.store.read(marker)
            if stored is None:
                return None
            entry = AuditEntry.from_json(stored.data)
        made = self.record_entry_once(entry, identity)
        if len(self._first) >= _FIRST_KEPT:
            self._first.clear()
        self._first.add(identity)
        return entry if made else None

    def record_push_entry(self, intent: PushIntent, entry: AuditEntry) -> bool:
        """Create the push's audit entry; False when it exists (another path wrote it: keep that)."""
        return self.store.create(self.push_entry_key(intent), entry.to_json())

    def settled_without_entry(self, now: datetime, days: int = 3) -> list[tuple[PushIntent, PushOutcome]]:
        """Pushes with an outcome but no audit entry (a crash right after the outcome), in the last
        ``days`` day folders: two key listings per day, and a read only for what is missing."""
        missing = []
        for day in _recent_days(now, days):
            names = [
                key.removeprefix("push/outcomes/").removesuffix(".json")
                for key in self.store.keys(f"push/outcomes/{day:%Y-%m-%d}/")
            ]
            names = [name for name in names if is_attempt_key(name)]
            if not names:
                continue
            have = {
                key.rsplit("-push-", 1)[1].removesuffix(".json")
                for key in self.store.keys(f"audit/{day:%Y/%m/%d}/")
                if "-push-" in key
            }
            for name in names:
                if _digest(name) in have:
                    continue
                intent, outcome = self.intent(name), self.outcome(name)
                if intent is not None and outcome is not None:
                    missing.append((intent, outcome))
        return missing

    # -- small state ---------------------------------------------------------------------------
    def get_state(self, name: str) -> dict[str, Any] | None:
        stored = self.store.read(f"state/{name}.json")
        return state_of(stored.data, name) if stored is not None else None

    def swap(self, key: str, change: Callable[[bytes | None], bytes | None], attempts: int = 20) -> None:
        """Compare-and-swap one object: ``change`` gets its bytes (None: absent) and returns the new
        bytes (None: leave it as it is); the write happens only if nobody wrote in between, else the
        read and ``change`` are tried again. Raises JournalConflict after ``attempts`` lost races.
        The one retry loop for the small documents several instances update (queue, facts, tracking)."""
        for _ in range(attempts):
            stored = self.store.read(key)
            new = change(stored.data if stored is not None else None)
            if new is None:
                return
            if stored is not None:
                written = self.store.replace(key, new, stored.etag)
            else:
                written = self.store.create(key, new)
            if written:
                return
        raise JournalConflict(f"{key} kept changing under us ({attempts} attempts)")

    def put_state(self, name: str, value: dict[str, Any]) -> None:
        self.store.replace(f"state/{name}.json", json.dumps(value, sort_keys=True).encode("utf-8"), None)

    def watermark(self, name: str) -> datetime | None:
        state = self.get_state(f"watermarks/{name}")
        return datetime.fromisoformat(state["at"]) if state and "at" in state else None

    def set_watermark(self, name: str, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("watermarks are timezone-aware (UTC)")
        self.put_state(f"watermarks/{name}", {"at": at.isoformat()})

    # -- once: an entry point that must act once per request (shared/journal/once.py) -------------
    def once(self, key: str, now: datetime, hold: timedelta) -> Claim | Done | Busy:
        """Claim ``key`` before doing its work: a ``Claim`` (do the work, then ``claim.done(result)``,
        or ``claim.release()`` when it failed), ``Done`` (with the stored result) or ``Busy``
        (another caller holds it until ``Busy.until``). ``hold`` outlasts the work while its
        holder lives; past it, a dead holder's claim is taken over."""
        return claim(self.store, key, now, hold)

    # -- lease: one sync tick at a time --------------------------------------------------------
    def acquire_lease(self, name: str, holder: str, now: datetime, ttl: timedelta) -> bool:
        """Take the named lease for ``ttl``; True on success. An expired lease may be taken over
        (compare-and-swap on its version, so two takers cannot both win)."""
        key = f"state/leases/{name}.json"
        body = json.dumps({"holder": holder, "until": (now + ttl).isoformat()}).encode("utf-8")
        if self.store.create(key, body):
            return True
        current = self.store.read(key)
        if current is None:
            return self.store.create(key, body)
        try:
            held = json.loads(current.data.decode("utf-8"))
            until = datetime.fromisoformat(held["until"])
        except (UnicodeDecodeError, json.JSONDecodeError, KeyError, ValueError):
            until = now  # unreadable lease: treat as expired rather than block every tick forever
            held = {}
        # A released lease (no holder) is free whatever its time says: instances' clocks differ.
        if held.get("holder") and held.get("holder") != holder and until > now:
            return False
        return self.store.replace(key, body, current.etag)

    def renew_lease(self, name: str, holder: str, now: datetime, ttl: timedelta) -> bool:
        """Extend a lease this ``holder`` still holds to ``now + ttl``; False when it holds it no more
        (taken over after it expired, or released). Never takes a lease over: compare-and-swap on the
        version read, so a renewal racing a takeover loses to it. This is the fence before a push."""
        key = f"state/leases/{name}.json"
        current = self.store.read(key)
        if current is None:
            return False
        try:
            held = json.loads(current.data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return False
        if not isinstance(held, dict) or held.get("holder") != holder:
            return False
        body = json.dumps({"holder": holder, "until": (now + ttl).isoformat()}).encode("utf-8")
        return self.store.replace(key, body, current.etag)

    def release_lease(self, name: str, holder: str, now: datetime) -> None:
        key = f"state/leases/{name}.json"
        current = self.store.read(key)
        if current is None:
            return
        try:
            held = json.loads(current.data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return
        if held.get("holder") == holder:
            body = json.dumps({"holder": "", "until": now.isoformat()}).encode("utf-8")
            self.store.replace(key, body, current.etag)


def state_of(data: bytes, name: str) -> dict[str, Any]:
    """A state document's JSON object; JournalCorrupt when it is not one."""
    return json_object(data, f"state {name}")


def _recent_days(now: datetime, days: int) -> list[date]:
    today = now.astimezone(UTC).date()
    return [today - timedelta(days=n) for n in range(days)]


def _digest(intent_key: str) -> str:
    return hashlib.sha256(intent_key.encode("utf-8")).hexdigest()[:20]
