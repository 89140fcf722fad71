"""Generated tracking-number inputs for benchmarks: a realistic mix of what operators paste.

Deterministic for a given seed; produced in chunks so that a million inputs never sit in memory.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

Maker = Callable[[random.Random], str]


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _s10(rng: random.Random, service: str, country: str) -> str:
    serial = _digits(rng, 8)
    total = sum(int(d) * w for d, w in zip(serial, (8, 6, 4, 2, 3, 5, 9, 7), strict=True)) % 11
    check = 5 if total == 0 else 0 if total == 1 else 11 - total
    return f"{service}{serial}{check}{country}"


CLEAN: tuple[Maker, ...] = (
    lambda r: "SF" + _digits(r, 13),
    lambda r: r.choice(("73", "75", "76", "78")) + _digits(r, 12),
    lambda r: "YT" + _digits(r, 13),
    lambda r: r.choice("34") + _digits(r, 14),
    lambda r: "773" + _digits(r, 12),
    lambda r: "JT" + _digits(r, 13),
    lambda r: "JDV" + r.choice("ABCDE") + _digits(r, 11),
    lambda r: _s10(r, "E" + r.choice("ABCDEFGH"), "CN"),
    lambda r: r.choice(("10", "11", "98", "99")) + _digits(r, 11),
    lambda r: "DPK" + _digits(r, 12),
    lambda r: _digits(r, 12),
)

NOISY: tuple[Callable[[random.Random, str], str], ...] = (
    lambda r, n: f"{r.choice(('顺丰', '中通', '圆通', '韵达', '申通', '极兔'))} {n}",
    lambda r, n: f"运单号：{n}",
    lambda r, n: n.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)}),
    lambda r, n: n[:4] + "\u200b" + n[4:],
    lambda r, n: " ".join(n[i : i + 4] for i in range(0, len(n), 4)),
    lambda r, n: n.lower() + "。",
)

BAD: tuple[Maker, ...] = (
    lambda r: "=HYPERLINK(" + _digits(r, 6) + ")",
    lambda r: "SF" + _digits(r, 13) + " SF" + _digits(r, 13),
    lambda r: "YT" + _digits(r, 16),
    lambda r: _s10(r, "JT", "BR"),
    lambda r: _digits(r, r.randint(1, 5)),
    lambda r: "好的谢谢",
)


def generate(count: int, seed: int = 20261126, chunk: int = 10_000) -> Iterator[list[str]]:
    """Yield ``count`` inputs in chunks: 70% clean, 20% noisy variants, 10% invalid."""
    rng = random.Random(seed)
    made = 0
    while made < count:
        size = min(chunk, count - made)
        batch: list[str] = []
        for _ in range(size):
            roll = rng.random()
            if roll < 0.7:
                batch.append(rng.choice(CLEAN)(rng))
            elif roll < 0.9:
                batch.append(rng.choice(NOISY)(rng, rng.choice(CLEAN)(rng)))
            else:
                batch.append(rng.choice(BAD)(rng))
        made += size
        yield batch
