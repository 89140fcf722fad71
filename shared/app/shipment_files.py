"""Suppliers' shipment files dropped for the tick (shared/suppliers/shipment_drop.py): one folder
source per 供应商 row, and what the journal remembers of them (state ``suppliers/files``).

The journal keeps which version of each file was read, so that a file is read once (until it is
replaced, or dropped again under a new name), and the files each supplier's last pull read, whose
outcome that supplier's 状态 cell shows with the folder's name. It is written after the tick's sheet
write (``save``): a tick that stops before has its files read again by the next, which is harmless
(numbers already on their rows are no news), while a file remembered too early would lose its
numbers. Only the sync tick (which holds the tick lease) reads and writes this document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from shared.journal.journal import Journal
from shared.reconcile.deadline import to_sheet_time
from shared.suppliers.secret_binding import supplier_key
from shared.suppliers.shipment_drop import ShipmentDrop
from shared.suppliers.shipment_file_source import ShipmentFolderSource
from sheet_templates.workspace import Lang

STATE = "suppliers/files"
_MAX_NOTE = 480  # the 状态 cell holds the channel's sentence too


@dataclass
class ShipmentFiles:
    """The deployment's drop (None: no drop, nothing is read) and the journal's memory of it, for the
    tick that started at ``now`` (the time its reads are remembered with)."""

    drop: ShipmentDrop | None
    now: datetime
    read: dict[str, str] = field(default_factory=dict)  # "FOLDER/name" -> the version read
    last: dict[str, list[dict[str, str]]] = field(default_factory=dict)  # folder -> its last files read
    sources: dict[str, ShipmentFolderSource] = field(default_factory=dict)  # by folder
    owners: dict[str, str] = field(default_factory=dict)  # folder -> the supplier whose folder it is
    _loaded: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, journal: Journal, drop: ShipmentDrop | None, now: datetime) -> ShipmentFiles:
        """The memory, read from the journal only when there is a drop."""
        if drop is None:
            return cls(None, now)
        raw = journal.get_state(STATE) or {}
        read = {k: v for k, v in (raw.get("read") or {}).items() if isinstance(k, str) and isinstance(v, str)}
        last = {
            k: [{str(a): str(b) for a, b in x.items()} for x in v if isinstance(x, dict)]
            for k, v in (raw.get("last") or {}).items()
            if isinstance(k, str) and isinstance(v, list)
        }
        return cls(drop, now, read, last, _loaded=_doc(read, last))

    def source_for(self, supplier: str) -> ShipmentFolderSource | None:
        """The folder source of a 供应商 row; None without a drop, or when an earlier row's name gives
        the same folder (the folder stays that row's)."""
        if self.drop is None:
            return None
        folder = supplier_key(supplier)
        if self.owners.setdefault(folder, supplier) != supplier:
            return None
        known = {k: v for k, v in self.read.items() if k.startswith(f"{folder}/")}
        source = ShipmentFolderSource(supplier, folder, self.drop, known)
        self.sources[folder] = source
        return source

    def note(self, supplier: str, lang: Lang) -> str:
        """The sentence a supplier's 状态 cell ends with: its folder, and what the files its last pull
        read gave ("" without a drop)."""
        if self.drop is None:
            return ""
        folder = supplier_key(supplier)
        owner = self.owners.get(folder, supplier)
        if owner != supplier:
            if lang == "zh":
                return f"发货单文件夹 {folder}/ 属于「{owner}」，本行不读取发货单：请改一个名称。"
            return (
                f"The shipment folder {folder}/ belongs to '{owner}': no files are read for this row; "
                "rename one."
            )
        files = self._files(folder)
        if not files:
            if lang == "zh":
                return f"发货单：放进文件夹 {folder}/ 即自动读取。"
            return f"Shipment files: drop them into the folder {folder}/ to have them read."
        said = " ".join(f.get(lang, "") for f in files)
        if lang == "zh":
            return f"发货单文件夹 {folder}/：{files[-1].get('at', '')} 读取{said}"[:_MAX_NOTE]
        return f"Shipment folder {folder}/, read {files[-1].get('at', '')}: {said}"[:_MAX_NOTE]

    def _files(self, folder: str) -> list[dict[str, str]]:
        """The files this tick read from the folder, or else those an earlier tick read last."""
        source = self.sources.get(folder)
        if source is None or not source.reads:
            return self.last.get(folder, [])
        at = to_sheet_time(self.now)
        return [
            {"file": r.file.name, "at": at, "zh": r.summary().zh, "en": r.summary().en} for r in source.reads
        ]

    def save(self, journal: Journal) -> None:
        """Remember what this tick read, after its sheet write; forget files gone from their folder.
        Nothing is written when nothing changed."""
        if self.drop is None:
            return
        for folder, source in self.sources.items():
            if source.reads:
                self.last[folder] = self._files(folder)
                self.read.update({r.file.key: r.file.version for r in source.reads})
            if source.listed is not None:
                present = {f.key for f in source.listed}
                for key in [k for k in self.read if k.startswith(f"{folder}/") and k not in present]:
                    del self.read[key]
        if _doc(self.read, self.last) != self._loaded:
            journal.put_state(STATE, _doc(self.read, self.last))
            self._loaded = _doc(self.read, self.last)


def _doc(read: dict[str, str], last: dict[str, list[dict[str, str]]]) -> dict[str, Any]:
    return {"read": dict(sorted(read.items())), "last": {k: list(v) for k, v in sorted(last.items())}}
