"""The operator's wait, measured where the operator sits: in the demo's web view, in a real browser.

The demo's stack (demo/stage.py: every emulator, the functions served by functions-framework,
the 200-order shop) runs with its timer ticking every few seconds, as ``make demo`` does. Headless
Debian chromium (driven by Playwright) opens the sheet's web view, types a valid tracking number into
快递单号 of a row awaiting its number, presses Enter, and times Enter -> the row's new colour on screen.

Baselines, measured in the same run:
- the web view's own cell write with the edit hook off (Enter -> the typed value drawn back from the
  emulator's answer, on a scratch tab);
- sheet_edit's own answer time for the same kind of edit (a signed POST straight to the function,
  as bench_sheet_edit does).

Each sample is split with the page's own timing (Resource Timing, the emulator's Server-Timing) and
the emulator's hook delivery record (when the hook left and when the function answered), on one
clock (unix ms): Enter -> edit answered, the hook's round trip (the function's work, its Sheets calls
included), the hook's answer -> the page asking for the view (polling), the view request, drawing.

Skips with the reason when /usr/bin/chromium or playwright is absent.
``python -m benchmarks webview_wait`` or ``python -m benchmarks.bench_webview_wait [samples]``.
"""

from __future__ import annotations

import importlib.util
import os
import random
import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

from emulators.control import SheetsControl

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
SAMPLES = 20
DURING_TICK = 8  # more samples, each with Enter pressed just after a tick started
BASELINE_SAMPLES = 10
TIMER_SECONDS = 5.0  # the demo's default interval
SETUP_TICKS = 4  # the scripted scenario is done by then (demo/scenario.py TICKS_NEEDED)
SCRATCH_TAB = "基准 bench"
TIMEOUT_MS = 20_000

# In the page: Enter's time (capture phase, before the page's own handlers), and every resource
# entry on the unix-ms clock.
MARK_ENTER = """() => {
  performance.setResourceTimingBufferSize(100000);
  performance.clearResourceTimings();
  window.__enterAt = null; window.__drawnAt = null;
  if (!window.__benchHooked) {
    window.__benchHooked = true;
    window.addEventListener("keydown", (ev) => {
      if (ev.key !== "Enter" || window.__enterAt !== null) return;
      window.__enterAt = performance.timeOrigin + performance.now();
    }, true);
  }
}"""
ENTRIES = """() => performance.getEntriesByType("resource").map((e) => ({
  name: e.name, start: performance.timeOrigin + e.startTime, end: performance.timeOrigin + e.responseEnd,
  app: (e.serverTiming.find((t) => t.name === "app") || {}).duration ?? null,
}))"""
BACKGROUND = """(ref) => { const td = document.querySelector(`#grid td[data-ref="${ref}"]`);
  return td ? getComputedStyle(td).backgroundColor : null; }"""
# Polled every animation frame: the status cell's colour changed and the edited cell is drawn (its
# editor gone). The time is taken inside the page, at the frame that shows it.
COLOUR_DRAWN = """([status, edited, before]) => {
  const s = document.querySelector(`#grid td[data-ref="${status}"]`);
  const e = document.querySelector(`#grid td[data-ref="${edited}"]`);
  if (!s || !e || e.querySelector("input, textarea, select")) return false;
  if (getComputedStyle(s).backgroundColor === before) return false;
  window.__drawnAt = performance.timeOrigin + performance.now();
  return true;
}"""
VALUE_DRAWN = """([ref, text]) => {
  const e = document.querySelector(`#grid td[data-ref="${ref}"]`);
  if (!e || e.querySelector("input, textarea, select") || e.textContent !== text) return false;
  window.__drawnAt = performance.timeOrigin + performance.now();
  return true;
}"""


def skip_reason() -> str | None:
    if not os.path.exists(CHROMIUM):
        return f"{CHROMIUM} is absent (apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (requirements-dev.txt)"
    return None


def _letters(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


@dataclass
class Timer:
    """The demo's timer on its own thread: a tick every ``TIMER_SECONDS``, with the demo's moves.
    Records when each tick ran, so a sample can say whether it overlapped one."""

    run: Any
    stage: Any
    plan: Any
    operator: Any
    number: int
    spans: list[tuple[float, float]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    ticking: threading.Event = field(default_factory=threading.Event)

    def loop(self) -> None:
        from demo import scenario as sc

        while not self.stop.wait(TIMER_SECONDS):
            self.number += 1
            started = time.time()
            self.ticking.set()
            try:
                self.run.tick(self.number)
                sc.after_tick(self.number, self.stage, self.plan, self.operator)
            finally:
                self.ticking.clear()
            self.spans.append((started * 1000, time.time() * 1000))

    def overlaps(self, start: float, end: float) -> bool:
        return any(a < end and start < b for a, b in list(self.spans))


@contextmanager
def _demo() -> Iterator[tuple[Any, Timer]]:
    """The demo's stack after its scripted ticks, with the timer running."""
    from demo import scenario as sc
    from demo.operator import SheetOperator
    from demo.run import Run
    from demo.stage import stage

    with stage(sc.SUPPLIER_API, live_push=True, seed=7) as st:
        operator = SheetOperator(httpx.Client(timeout=60), st.sheets_url, st.spreadsheet_id)
        plan = sc.plan(7)
        sc.seed(st, plan, operator)
        st.connect_shop_push()
        run = Run(st, operator, plan, headless=False)
        for number in range(1, SETUP_TICKS + 1):
            run.tick(number)
            sc.after_tick(number, st, plan, operator)
        timer = Timer(run, st, plan, operator, SETUP_TICKS)
        thread = threading.Thread(target=timer.loop, name="demo-timer", daemon=True)
        thread.start()
        try:
            yield st, timer
        finally:
            timer.stop.set()
            thread.join(120)


class Sheet:
    """What the benchmark reads of the sheet (through the web view's JSON, as the page does)."""

    def __init__(self, http: httpx.Client, sheets_url: str, spreadsheet_id: str) -> None:
        self.http, self.base, self.sid = http, sheets_url, spreadsheet_id
        self.control = SheetsControl(sheets_url, http)

    def view(self, sheet_id: int | None = None) -> dict[str, Any]:
        params = {"sheetId": str(sheet_id)} if sheet_id is not None else {}
        answer = self.http.get(f"{self.base}/ui/api/{self.sid}/view", params=params)
        answer.raise_for_status()
        return dict(answer.json()["sheet"])

    def awaiting_rows(self) -> tuple[list[int], int, int]:
        """0-based rows awaiting their number with no courier chosen, and the 快递单号/状态 columns."""
        from sheet_templates.workspace import state_by_label

        sheet = self.view()
        text = {(c["r"], c["c"]): c["text"] for c in sheet["cells"]}
        header = {text.get((0, c), ""): c for c in range(sheet["shownColumns"])}
        number, status, courier = header["快递单号"], header["状态"], header["快递公司"]
        rows = []
        for r in range(1, sheet["shownRows"]):
            state = state_by_label(text.get((r, status), ""))
            typed = text.get((r, number)) or text.get((r, courier))
            if state is not None and state.state == "awaiting_tracking" and not typed:
                rows.append(r)
        return rows, number, status


def _numbers() -> Iterator[str]:
    """Fresh, valid SF Express numbers (SF + 13 digits), never used in the demo's shop."""
    seen: set[str] = set()
    rng = random.Random()
    while True:
        number = f"SF1{rng.randrange(10**11, 10**12)}9"
        if number not in seen:
            seen.add(number)
            yield number


def _type_and_time(
    page: Any, ref: str, text: str, drawn: str, args: list[Any], ready: threading.Event | None = None
) -> dict[str, Any]:
    """Type ``text`` into ``ref``, press Enter (once ``ready`` is set, if given), wait for ``drawn``."""
    page.click(f"#grid td[data-ref='{ref}']")
    page.keyboard.type(text)
    if ready is not None:
        ready.wait(3 * TIMER_SECONDS)
    page.evaluate(MARK_ENTER)
    page.keyboard.press("Enter")
    page.wait_for_function(drawn, arg=args, polling="raf", timeout=TIMEOUT_MS)
    marks = page.evaluate("() => ({enter: window.__enterAt, drawn: window.__drawnAt})")
    return {"enter": marks["enter"], "drawn": marks["drawn"], "entries": page.evaluate(ENTRIES)}


def _first(entries: list[dict[str, Any]], part: str) -> dict[str, Any] | None:
    return next((e for e in entries if part in e["name"]), None)


def _colour_view(entries: list[dict[str, Any]], drawn: float) -> dict[str, Any] | None:
    """The view request whose answer was drawn: the last one answered before the colour showed."""
    views = [e for e in entries if "/view" in e["name"] and e["end"] <= drawn + 1]
    return views[-1] if views else None


def _sample(
    page: Any, sheet: Sheet, numbers: Iterator[str], timer: Timer, in_tick: bool = False
) -> dict[str, Any] | None:
    rows, number_col, status_col = sheet.awaiting_rows()
    if not rows:
        return None
    row = random.choice(rows)
    ref, status_ref = f"{_letters(number_col)}{row + 1}", f"{_letters(status_col)}{row + 1}"
    before = page.evaluate(BACKGROUND, status_ref)
    number = next(numbers)
    ready = timer.ticking if in_tick else None
    timed = _type_and_time(page, ref, number, COLOUR_DRAWN, [status_ref, ref, before], ready)
    if page.inner_text(f"#grid td[data-ref='{ref}']").strip() != number:
        return None  # the timer's tick wrote this row meanwhile: not the operator's wait
    hook = next(
        (d for d in reversed(sheet.control.deliveries()) if d["payload"].get("value") == number), None
    )
    edit, view = _first(timed["entries"], "/edit"), _colour_view(timed["entries"], timed["drawn"])
    enter, drawn = timed["enter"], timed["drawn"]
    out: dict[str, Any] = {"total": drawn - enter, "tick": timer.overlaps(enter, drawn)}
    if edit:
        out["edit request"] = edit["end"] - enter
        out["emulator write"] = edit["app"]
    if hook and hook.get("answered"):
        sent, answered = hook["sent"] * 1000, hook["answered"] * 1000
        out["hook queued -> sent"] = sent - hook["queued"] * 1000
        out["hook round trip (function)"] = answered - sent
        if view:
            out["hook answered -> view asked"] = view["start"] - answered
    if view:
        out["view request"] = view["end"] - view["start"]
        out["view: emulator"] = view["app"]
        out["view answered -> drawn"] = drawn - view["end"]
    return out


def _baseline_write(page: Any, sheet: Sheet, numbers: Iterator[str]) -> list[float]:
    """Enter -> the typed value drawn back, on a scratch tab, with the edit hook off."""
    saved = sheet.control.webhook()
    sheet.control.set_webhook(None)  # off; the secret is kept
    try:
        page.click(f"#tabs button:has-text('{SCRATCH_TAB}')")
        page.wait_for_selector("#tabs button.active:has-text('基准')")
        walls = []
        for n in range(BASELINE_SAMPLES):
            ref = f"B{n + 2}"
            number = next(numbers)
            timed = _type_and_time(page, ref, number, VALUE_DRAWN, [ref, number])
            walls.append(timed["drawn"] - timed["enter"])
        return walls
    finally:
        sheet.control.set_webhook(saved["url"], user=saved["user"])
        page.click("#tabs button:has-text('订单')")
        page.wait_for_selector("#tabs button.active:has-text('订单')")


def _function_alone(st: Any, sheet: Sheet, numbers: Iterator[str]) -> list[float]:
    """sheet_edit's own answer: the number written (USER_ENTERED) through the Sheets API, then the
    signed edit posted straight to the function, timed."""
    from urllib.parse import quote

    from shared.sheets.edit_signature import signed_request

    walls = []
    for _ in range(BASELINE_SAMPLES):
        rows, number_col, _ = sheet.awaiting_rows()
        if not rows:
            break
        row, number = random.choice(rows), next(numbers)
        cell = f"{_letters(number_col)}{row + 1}"
        target = quote(f"'订单'!{cell}", safe="")
        sheet.http.put(
            f"{st.sheets_url}/v4/spreadsheets/{st.spreadsheet_id}/values/{target}",
            params={"valueInputOption": "USER_ENTERED"},
            json={"values": [[number]]},
        ).raise_for_status()
        payload = {
            "spreadsheetId": st.spreadsheet_id,
            "sheetName": "订单",
            "range": cell,
            "row": row + 1,
            "column": number_col + 1,
            "numRows": 1,
            "numColumns": 1,
            "value": number,
            "oldValue": None,
            "user": "bench@example.com",
        }
        body, headers = signed_request(st.edit_secret.encode("utf-8"), payload, int(time.time()))
        start = time.perf_counter()
        sheet.http.post(f"{st.functions_url}/sheet_edit", content=body, headers=headers).raise_for_status()
        walls.append((time.perf_counter() - start) * 1000)
    return walls


def _add_scratch_tab(st: Any) -> None:
    st.http.post(
        f"{st.sheets_url}/v4/spreadsheets/{st.spreadsheet_id}:batchUpdate",
        json={"requests": [{"addSheet": {"properties": {"title": SCRATCH_TAB, "index": 99}}}]},
    ).raise_for_status()


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)))


def _line(name: str, values: list[float]) -> tuple[str, ...]:
    if not values:
        return (name, "-", "-", "-", "0")
    return (
        name,
        f"{statistics.median(values):.0f}",
        f"{_p95(values):.0f}",
        f"{max(values):.0f}",
        str(len(values)),
    )


def main(argv: list[str] | None = None) -> int:
    reason = skip_reason()
    if reason:
        print(f"skipped: {reason}")
        return 0
    from playwright.sync_api import sync_playwright

    samples = int(argv[0]) if argv else SAMPLES
    numbers = _numbers()
    with _demo() as (st, timer), httpx.Client(timeout=60) as http, sync_playwright() as p:
        sheet = Sheet(http, st.sheets_url, st.spreadsheet_id)
        _add_scratch_tab(st)
        alone = _function_alone(st, sheet, numbers)  # before the page is open: the function alone
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 900})
            page.set_default_timeout(TIMEOUT_MS)
            errors: list[str] = []
            page.on("pageerror", lambda err: errors.append(str(err)))
            page.goto(st.web_url)
            page.wait_for_selector("#grid td[data-ref='A2']")
            base = _baseline_write(page, sheet, numbers)
            results = []
            skipped = 0
            pace = random.Random(12)
            while len(results) < samples and skipped < samples:
                # An operator types at any moment: some edits land while a tick is running.
                time.sleep(pace.uniform(0, 2 * TIMER_SECONDS / 3))
                one = _sample(page, sheet, numbers, timer)
                if one is None:
                    skipped += 1
                else:
                    results.append(one)
            during = [_sample(page, sheet, numbers, timer, in_tick=True) for _ in range(DURING_TICK)]
        except Exception:
            print("page errors:", errors or "none")
            raise
        finally:
            browser.close()
    ticks = [b - a for a, b in timer.spans]
    print(
        f"timer: a tick every {TIMER_SECONDS:g} s; {len(ticks)} ticks ran during the benchmark"
        + (f", {statistics.median(ticks):.0f} ms each (median)" if ticks else "")
    )
    print(
        f"samples overlapping a tick: {sum(1 for r in results if r['tick'])} of {len(results)}",
        "(typed at random times)",
    )
    if skipped:
        print(f"samples dropped (row written by a tick meanwhile, or none awaiting): {skipped}")
    rows: list[tuple[str, ...]] = [("ms", "median", "p95", "max", "n")]
    rows.append(_line("Enter -> new colour on screen", [r["total"] for r in results]))
    rows.append(_line("  (samples without a tick)", [r["total"] for r in results if not r["tick"]]))
    parts = [
        "edit request",
        "emulator write",
        "hook queued -> sent",
        "hook round trip (function)",
        "hook answered -> view asked",
        "view request",
        "view: emulator",
        "view answered -> drawn",
    ]
    for part in parts:
        rows.append(_line(f"  {part}", [r[part] for r in results if r.get(part) is not None]))
    in_tick = [r["total"] for r in during if r is not None and r["tick"]]
    rows.append(_line("Enter pressed just after a tick started", in_tick))
    rows.append(_line("baseline: web view write, no hook", base))
    rows.append(_line("baseline: sheet_edit alone (signed POST)", alone))
    _table(rows)
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
