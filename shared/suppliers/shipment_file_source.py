"""Shipment lists (发货单) as supplier sources: a list already read (the ``import-shipments`` command),
and a supplier's folder of dropped files, read by the sync tick (``shipment_drop``).

Either way the rows become updates of that supplier through ``shipment_file.parse_shipment_rows``
and the reader's caps (``shipment_file_reader``), and matching (matching.py) decides which orders
they belong to: by the supplier's order no., else the shop order id of one of that supplier's
orders, never a guess. A row for an order that is not open is refused there, with its reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from shared.domain.text import Bilingual
from shared.suppliers.errors import ShipmentFileError
from shared.suppliers.matching import MatchOutcome
from shared.suppliers.model import ShipmentUpdate, SourceProblem, SupplierBatch, SupplierOrder
from shared.suppliers.shipment_drop import DroppedFile, ShipmentDrop, ShipmentDropUnavailable
from shared.suppliers.shipment_file import parse_shipment_rows
from shared.suppliers.shipment_file_reader import MAX_FILE_BYTES, read_rows, too_large

# Files read per pull at most (the rest wait for the next tick): each may hold 50,000 rows.
MAX_FILES_PER_PULL = 5
_NOTES = 2  # refused rows named in a file's summary (the tick's report lists them all)


@dataclass(frozen=True, slots=True)
class ShipmentFileSource:
    """Hands the file's updates and refused rows to the tick; matching decides which orders they
    belong to (a row for an order that is not open is refused there, with its reason)."""

    batch: SupplierBatch

    def fetch_updates(self, open_orders: Sequence[SupplierOrder]) -> SupplierBatch:
        return self.batch


@dataclass
class FileRead:
    """What became of one dropped file: ``used`` rows reached an order; ``refused`` did not, the first
    of them with their reason in ``notes``; ``unreadable`` when nothing of it was read."""

    file: DroppedFile
    used: int = 0
    refused: int = 0
    notes: list[Bilingual] = field(default_factory=list)
    unreadable: ShipmentFileError | None = None

    def note(self, ref: str, reason: Bilingual) -> None:
        self.refused += 1
        if len(self.notes) < _NOTES:
            self.notes.append(Bilingual(f"{ref}：{reason.zh}", f"{ref}: {reason.en}"))

    def summary(self) -> Bilingual:
        """One sentence per language for the supplier's 状态 cell."""
        name = self.file.name
        if self.unreadable is not None:
            return self.unreadable.message
        zh, en = f"「{name}」：{self.used} 条已对上订单", f"{name}: {self.used} matched to orders"
        if self.refused:
            zh += f"，{self.refused} 条未使用（{'；'.join(n.zh for n in self.notes)}）"
            en += f", {self.refused} not used ({'; '.join(n.en for n in self.notes)})"
        return Bilingual(zh + "。", en + ".")


class ShipmentFolderSource:
    """One supplier's folder in the drop as a supplier source. Each pull lists the folder and reads the
    files whose version is not in ``already`` (files remembered as read, by ``DroppedFile.key``), by
    name, at most ``MAX_FILES_PER_PULL``. A file above the size cap is refused from the listing,
    unread; one the reader refuses (damaged, too many rows ...) is reported whole. Once the updates
    are matched (``settle``), ``reads`` says what became of each file, to remember it and to tell
    the operator; a file that could not be fetched is left for the next pull.

    It sits beside the row's own channel (``beside_channel``): a failure to list the folder is shown
    on the 供应商 row only when the channel's own pull did not fail."""

    beside_channel = True

    def __init__(self, supplier_id: str, folder: str, drop: ShipmentDrop, already: Mapping[str, str]) -> None:
        self.supplier_id = supplier_id
        self.folder = folder
        self.drop = drop
        self.already = dict(already)
        self.listed: list[DroppedFile] | None = None  # the folder as this pull listed it
        self.reads: list[FileRead] = []
        self._owners: list[FileRead] = []  # the file of each update handed out, in order

    def fetch_updates(self, open_orders: Sequence[SupplierOrder]) -> SupplierBatch:
        self.listed = self.drop.files(self.folder)
        fresh = [f for f in self.listed if self.already.get(f.key) != f.version][:MAX_FILES_PER_PULL]
        updates: list[ShipmentUpdate] = []
        problems: list[SourceProblem] = []
        self.reads, self._owners = [], []
        for file in fresh:
            try:
                batch = self._parse(file)
            except ShipmentDropUnavailable:
                zh = f"暂时读不到发货单「{file.name}」，下次同步会再试。"
                en = f"Could not fetch the shipment file {file.name}; the next sync tries again."
                problems.append(SourceProblem(file.name, "file_unavailable", Bilingual(zh, en)))
                continue  # not remembered: the next pull fetches it again
            except ShipmentFileError as exc:
                self.reads.append(FileRead(file, unreadable=exc))
                problems.append(SourceProblem(file.name, "file_unreadable", exc.message))
                continue
            read = FileRead(file)
            for problem in batch.problems:
                read.note(problem.source_ref, problem.message)
            self.reads.append(read)
            updates.extend(batch.updates)
            problems.extend(batch.problems)
            self._owners.extend(read for _ in batch.updates)
        return SupplierBatch(tuple(updates), tuple(problems))

    def _parse(self, file: DroppedFile) -> SupplierBatch:
        if file.size > MAX_FILE_BYTES:
            raise too_large(file.name)
        data = self.drop.read(file, MAX_FILE_BYTES)
        return parse_shipment_rows(read_rows(data, file.name), self.supplier_id, source=file.name)

    def settle(self, outcomes: Sequence[MatchOutcome]) -> None:
        """Count, per file, the updates that reached an order and why the others did not."""
        for read, outcome in zip(self._owners, outcomes, strict=True):
            if outcome.placed:
                read.used += 1
            elif outcome.problem is not None:
                read.note(outcome.update.source_ref, outcome.problem.message)
