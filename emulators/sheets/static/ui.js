// Sheets emulator web view: render one tab, let a person edit, paste, sort, insert and delete rows.
// Plain JS, no build step. The server does the work; this file only draws and posts.
// Redraws come from a long poll (/changes answers as soon as anything is written), and only the
// cells that changed are repainted, so a write made by the edit hook's function shows at once.
"use strict";

const sid = decodeURIComponent(location.pathname.split("/").filter(Boolean)[1] || "");
const api = (action) => `/ui/api/${encodeURIComponent(sid)}/${action}`;
const $ = (id) => document.getElementById(id);
const ROW_HEIGHT = 24;
const ROW_HEAD_WIDTH = 46;

let view = null;          // last JSON from the server
let drawn = new Map();    // "r,c" -> JSON of the cell as drawn
let shape = "";           // what a repaint cannot change (tab, size, widths): else redraw all
let revision = -1;        // the store's revision the drawing shows
let stale = false;        // a change arrived while a cell was being edited
let sheetId = null;
let rowsWanted = 0;      // 0: the server decides; set by "more rows"
let sel = { r: 1, c: 0 };
let editing = null;       // {r, c, el, original}
let loading = null;       // the view request in flight
let posting = null;       // the action in flight: its answer says which revision it made

function letters(i) {
  let s = "";
  for (i += 1; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

// Chinese first, then English: "C3 已保存 Saved", "C3 保存失败 Save failed: …".
function status(text, isError) {
  const el = $("status");
  el.textContent = text;
  el.className = isError ? "error" : "";
}

async function load(force) {
  if (loading) { await loading; if (!force) return; }
  loading = (async () => {
    const params = new URLSearchParams();
    if (sheetId !== null) params.set("sheetId", sheetId);
    if (rowsWanted) params.set("rows", String(rowsWanted));
    let res, text;
    try {
      res = await fetch(`${api("view")}?${params}`);
      text = await res.text();
    } catch (e) {
      status(`无法读取表格 Could not load the sheet: ${e.message}`, true);
      return;
    }
    if (!res.ok) { status(`无法读取表格 Could not load the sheet: ${errorText(text)}`, true); return; }
    view = JSON.parse(text);
    sheetId = view.sheet.sheetId;
    revision = view.revision;
    draw(force);
  })();
  try { await loading; } finally { loading = null; }
}

function errorText(text) {
  try { return JSON.parse(text).error.message; } catch (e) { return text; }
}

function cellAt(r, c) {
  return view.cellMap.get(`${r},${c}`) || null;
}

function shapeOf(v) {
  const s = v.sheet;
  return JSON.stringify([v.title, v.sheets, s.sheetId, s.shownRows, s.shownColumns, s.columnWidths,
    s.hiddenColumns, s.frozenRows, s.rowCount, s.charts]);
}

// Draw the view: everything when the tab or its shape changed, else only the cells that differ.
function draw(force) {
  view.cellMap = new Map(view.sheet.cells.map((x) => [`${x.r},${x.c}`, x]));
  const newShape = shapeOf(view);
  if (force || newShape !== shape) {
    if (editing) { stale = true; return; }
    shape = newShape;
    render();
    return;
  }
  const next = new Map(view.sheet.cells.map((x) => [`${x.r},${x.c}`, JSON.stringify(x)]));
  for (const key of new Set([...drawn.keys(), ...next.keys()])) {
    if (drawn.get(key) === next.get(key)) continue;
    const [r, c] = key.split(",").map(Number);
    if (editing && editing.r === r && editing.c === c) { stale = true; continue; }
    const td = tdAt(r, c);
    if (td) paint(td, r, c, cellAt(r, c));
  }
  drawn = next;
  if (!editing) select(sel.r, sel.c);
}

function render() {
  document.title = `${view.title} – ${view.sheet.title}`;
  $("title").textContent = view.title;
  renderTabs();
  renderGrid();
  renderCharts();
  drawn = new Map(view.sheet.cells.map((x) => [`${x.r},${x.c}`, JSON.stringify(x)]));
  select(Math.min(sel.r, view.sheet.shownRows - 1), Math.min(sel.c, view.sheet.shownColumns - 1));
  $("more-rows").hidden = view.sheet.shownRows >= view.sheet.rowCount;
}

function renderTabs() {
  const tabs = $("tabs");
  tabs.replaceChildren();
  for (const s of view.sheets) {
    const b = document.createElement("button");
    b.textContent = s.title;
    b.dataset.sheetId = s.sheetId;
    if (s.sheetId === view.sheet.sheetId) b.classList.add("active");
    if (s.hidden) b.classList.add("hidden-tab");
    if (s.color) b.style.borderBottomColor = s.color;
    b.addEventListener("click", () => { sheetId = s.sheetId; rowsWanted = 0; sel = { r: 1, c: 0 }; load(true); });
    tabs.appendChild(b);
  }
}

// The sheet's own column widths (pixelSize from its column metadata), as Sheets draws them.
function columnWidth(sh, c) {
  return sh.hiddenColumns.includes(c) ? 4 : sh.columnWidths[c];
}

function renderGrid() {
  const sh = view.sheet;
  const table = $("grid");
  table.replaceChildren();
  const colgroup = document.createElement("colgroup");
  colgroup.appendChild(Object.assign(document.createElement("col"), { style: `width:${ROW_HEAD_WIDTH}px` }));
  let total = ROW_HEAD_WIDTH;
  for (let c = 0; c < sh.shownColumns; c++) {
    const col = document.createElement("col");
    col.style.width = `${columnWidth(sh, c)}px`;
    total += columnWidth(sh, c);
    colgroup.appendChild(col);
  }
  table.appendChild(colgroup);
  // A fixed layout takes the widths from the <col>s only when the table's own width is set.
  table.style.width = `${total}px`;
  const head = table.createTHead().insertRow();
  head.appendChild(Object.assign(document.createElement("th"), { className: "rowhead" }));
  for (let c = 0; c < sh.shownColumns; c++) {
    const th = document.createElement("th");
    th.textContent = letters(c);
    th.dataset.c = c;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (let r = 0; r < sh.shownRows; r++) {
    const tr = body.insertRow();
    if (r < sh.frozenRows) {
      tr.className = r === sh.frozenRows - 1 ? "frozen frozen-last" : "frozen";
    }
    const th = document.createElement("th");
    th.className = "rowhead";
    th.textContent = r + 1;
    th.dataset.r = r;
    tr.appendChild(th);
    for (let c = 0; c < sh.shownColumns; c++) {
      const td = document.createElement("td");
      td.dataset.r = r;
      td.dataset.c = c;
      td.dataset.ref = `${letters(c)}${r + 1}`;
      paint(td, r, c, cellAt(r, c));
      tr.appendChild(td);
    }
  }
}

function paint(td, r, c, cell) {
  td.className = "";
  td.removeAttribute("title");
  td.style.cssText = r < view.sheet.frozenRows ? `top:${ROW_HEIGHT * (r + 1)}px` : "";
  td.textContent = cell ? cell.text : "";
  if (td.dataset.r == sel.r && td.dataset.c == sel.c) td.classList.add("sel");
  if (!cell) return;
  if (cell.bg) td.style.background = cell.bg;
  if (cell.fg) td.style.color = cell.fg;
  if (cell.bold) td.style.fontWeight = "bold";
  if (cell.italic) td.style.fontStyle = "italic";
  if (cell.strike) td.style.textDecoration = "line-through";
  if (cell.align) td.style.textAlign = cell.align;
  else if (cell.num) td.classList.add("num");
  if (cell.wrap) td.classList.add("wrap");
  else if (cell.text.includes("\n")) td.classList.add("multiline");
  if (cell.formula) td.classList.add("formula-cell");
  if (cell.note) { td.classList.add("has-note"); td.title = cell.note; }
  if (cell.dropdown) td.classList.add("dropdown");
}

// The cells the server answered for an edit or a paste: shown at once, before the next view.
function paintAnswered(out, r0, c0, rows, cols) {
  const cells = new Map((out.cells || []).map((x) => [`${x.r},${x.c}`, x]));
  for (let r = r0; r < r0 + rows; r++) {
    for (let c = c0; c < c0 + cols; c++) {
      const key = `${r},${c}`;
      const cell = cells.get(key) || null;
      if (cell) {
        view.cellMap.set(key, cell);
        drawn.set(key, JSON.stringify(cell));
      } else {
        view.cellMap.delete(key);
        drawn.delete(key);
      }
      const td = tdAt(r, c);
      if (td) paint(td, r, c, cell);
    }
  }
}

function tdAt(r, c) {
  return document.querySelector(`#grid td[data-r="${r}"][data-c="${c}"]`);
}

function select(r, c) {
  if (r < 0 || c < 0 || !view || r >= view.sheet.shownRows || c >= view.sheet.shownColumns) return;
  document.querySelectorAll("#grid .sel, #grid .sel-axis").forEach((e) => e.classList.remove("sel", "sel-axis"));
  sel = { r, c };
  const td = tdAt(r, c);
  if (td) td.classList.add("sel");
  const colHead = document.querySelector(`#grid thead th[data-c="${c}"]`);
  if (colHead) colHead.classList.add("sel-axis");
  const rowHead = document.querySelector(`#grid th.rowhead[data-r="${r}"]`);
  if (rowHead) rowHead.classList.add("sel-axis");
  const cell = cellAt(r, c);
  $("cell-ref").textContent = `${letters(c)}${r + 1}`;
  if (document.activeElement !== $("formula")) $("formula").value = cell ? (cell.formula || cell.text) : "";
  // The note bar keeps its height when empty, so selecting never shifts the grid under the mouse.
  $("note-bar").textContent = cell && cell.note ? `备注 Note: ${cell.note}` : "";
}

// Typing keys in a cell editor or the formula bar: Enter commits, Alt+Enter (or Ctrl+Enter) puts a
// line break in the cell, as in Sheets and Excel.
function lineBreakOrCommit(ev, el, done) {
  if (ev.key !== "Enter") return false;
  ev.preventDefault();
  if (ev.altKey || ev.ctrlKey) {
    const at = el.selectionStart;
    el.value = el.value.slice(0, at) + "\n" + el.value.slice(el.selectionEnd);
    el.selectionStart = el.selectionEnd = at + 1;
    el.dispatchEvent(new Event("input"));
  } else {
    done();
  }
  return true;
}

function fitEditor(el) {
  el.rows = Math.max(1, el.value.split("\n").length);
}

function startEdit(r, c, initial) {
  if (editing) return;
  select(r, c);
  const td = tdAt(r, c);
  const cell = cellAt(r, c);
  const current = cell ? (cell.formula || cell.text) : "";
  let el;
  if (cell && cell.dropdown) {
    el = document.createElement("select");
    const options = [""].concat(cell.dropdown.options);
    if (!cell.dropdown.strict && current && !options.includes(current)) options.push(current);
    for (const o of options) el.appendChild(new Option(o === "" ? "—" : o, o, false, o === current));
    el.addEventListener("change", () => commit(el.value));
    el.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") { ev.preventDefault(); commit(el.value); }
      else if (ev.key === "Escape") { ev.preventDefault(); cancelEdit(); }
      ev.stopPropagation();
    });
  } else {
    el = document.createElement("textarea");
    el.value = initial !== undefined ? initial : current;
    el.spellcheck = false;
    fitEditor(el);
    el.addEventListener("input", () => fitEditor(el));
    el.addEventListener("keydown", (ev) => {
      if (!lineBreakOrCommit(ev, el, () => commit(el.value)) && ev.key === "Escape") {
        ev.preventDefault();
        cancelEdit();
      }
      ev.stopPropagation();
    });
  }
  el.addEventListener("blur", () => { if (editing && editing.el === el && el.tagName === "TEXTAREA") commit(el.value); });
  editing = { r, c, el, original: current };
  td.classList.add("editing");
  td.replaceChildren(el);
  el.focus();
  if (el.tagName === "TEXTAREA") el.selectionStart = el.selectionEnd = el.value.length;
}

function endEdit() {
  const { r, c } = editing;
  editing = null;
  const td = tdAt(r, c);
  if (td) paint(td, r, c, cellAt(r, c));
  if (stale) { stale = false; load(false); }
}

function cancelEdit() {
  endEdit();
  select(sel.r, sel.c);
}

function protectedRange(r, c, rows = 1, cols = 1) {
  for (const p of view.sheet.protected) {
    const g = p.range;
    const inside = (g.startRowIndex || 0) < r + rows && r < (g.endRowIndex ?? Infinity)
      && (g.startColumnIndex || 0) < c + cols && c < (g.endColumnIndex ?? Infinity);
    if (inside) return p;
  }
  return null;
}

function confirmProtected(p) {
  return confirm(`此区域受保护 / This range is protected${p.description ? ": " + p.description : ""}.\n仍要修改吗? Edit anyway?`);
}

// ``move``: Enter goes on to the cell below, as in Sheets (Delete stays).
async function commit(value, move = true) {
  if (!editing) return;
  const { r, c, original } = editing;
  const ref = `${letters(c)}${r + 1}`;
  if (value === original) { endEdit(); return; }
  const p = protectedRange(r, c);
  if (p && p.warningOnly && !confirmProtected(p)) { endEdit(); return; }
  // Show what was typed at once; the server's answer replaces it with the cell as stored.
  view.cellMap.set(`${r},${c}`, Object.assign({}, cellAt(r, c) || { r, c }, { text: value }));
  endEdit();
  select(move ? Math.min(r + 1, view.sheet.shownRows - 1) : r, c);
  const out = await post("edit", { row: r, col: c, value }, ref);
  if (out) paintAnswered(out, r, c, 1, 1);
  else await load(true);
}

async function paste(text) {
  const { r, c } = sel;
  const ref = `${letters(c)}${r + 1}`;
  let out = await post("paste", { row: r, col: c, text }, ref, true);
  if (out && out.confirm) {
    if (!confirmProtected(out.confirm)) { status(`${ref} 已取消粘贴 Paste cancelled`, false); return; }
    out = await post("paste", { row: r, col: c, text, confirmed: true }, ref);
  }
  if (!out) { await load(true); return; }
  const [first, last] = out.range.split(":");
  const end = last ? refIndex(last) : refIndex(first);
  paintAnswered(out, r, c, end.r - r + 1, end.c - c + 1);
  status(`${out.range} 已粘贴 Pasted${out.hook ? " · 已发送编辑通知 edit hook sent" : ""}`, false);
}

function refIndex(ref) {
  const m = /^([A-Z]+)(\d+)$/.exec(ref);
  let c = 0;
  for (const ch of m[1]) c = c * 26 + (ch.charCodeAt(0) - 64);
  return { r: Number(m[2]) - 1, c: c - 1 };
}

const SAVED = { edit: "已保存 Saved", sort: "已排序 Sorted", "insert-row": "已插入行 Row inserted", "delete-row": "已删除行 Row deleted", paste: "已粘贴 Pasted" };
const FAILED = { edit: "保存失败 Save failed", sort: "排序失败 Sort failed", "insert-row": "插入行失败 Insert failed", "delete-row": "删除行失败 Delete failed", paste: "粘贴失败 Paste failed" };

// POST an action; answers its JSON, or null after showing the error. ``askFirst``: a 409 naming a
// warning-only protected range comes back as {confirm: range} for the caller to ask about.
async function post(action, body, what, askFirst) {
  const sent = send(action, body, what, askFirst);
  posting = sent;
  try { return await sent; } finally { if (posting === sent) posting = null; }
}

async function send(action, body, what, askFirst) {
  let res, text;
  try {
    res = await fetch(api(action), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(Object.assign({ sheetId: view.sheet.sheetId }, body)),
    });
    text = await res.text();
  } catch (e) {
    status(`${what} ${FAILED[action]}: 无法连接 could not connect (${e.message})`, true);
    return null;
  }
  if (!res.ok) {
    if (askFirst && res.status === 409) {
      try { return { confirm: JSON.parse(text).error.details[0] }; } catch (e) { /* fall through */ }
    }
    status(`${what} ${FAILED[action]}: ${errorText(text)}`, true);
    return null;
  }
  const out = JSON.parse(text);
  revision = Math.max(revision, out.revision ?? -1);
  status(`${what} ${SAVED[action]}${out.hook ? " · 已发送编辑通知 edit hook sent" : ""}`, false);
  return out;
}

async function structural(action, body, what) {
  if (await post(action, body, what)) await load(true);
}

const pause = (ms) => new Promise((done) => setTimeout(done, ms));

function shown() {
  if (document.visibilityState === "visible") return Promise.resolve();
  return new Promise((done) => {
    const seen = () => {
      if (document.visibilityState !== "visible") return;
      document.removeEventListener("visibilitychange", seen);
      done();
    };
    document.addEventListener("visibilitychange", seen);
  });
}

// Wait for the next change anywhere in the store, then redraw what changed (a hidden page waits
// until it is shown). A failed call (the emulator stopped, a network hiccup) is retried after a pause.
async function watch() {
  for (;;) {
    try {
      const res = await fetch(`${api("changes")}?since=${revision}`);
      if (!res.ok) throw new Error(String(res.status));
      const out = await res.json();
      const before = revision;
      // A change made by this page's own action is drawn from the action's answer: wait for it,
      // so the view is asked for only when someone else (the edit hook's function, a tick) wrote.
      if (posting) await posting.catch(() => null);
      // (A revision going back: the emulator was restarted.)
      if (out.revision > revision || out.revision < before) {
        await shown();
        await load(false);
      }
    } catch (e) {
      await pause(3000);
    }
  }
}

function bind() {
  $("sort-asc").addEventListener("click", () => structural("sort", { col: sel.c, ascending: true }, `${letters(sel.c)} 列 A→Z`));
  $("sort-desc").addEventListener("click", () => structural("sort", { col: sel.c, ascending: false }, `${letters(sel.c)} 列 Z→A`));
  $("insert-above").addEventListener("click", () => structural("insert-row", { row: sel.r }, `第 ${sel.r + 1} 行`));
  $("insert-below").addEventListener("click", () => structural("insert-row", { row: sel.r + 1 }, `第 ${sel.r + 2} 行`));
  $("delete-row").addEventListener("click", () => structural("delete-row", { row: sel.r }, `第 ${sel.r + 1} 行`));
  $("more-rows").addEventListener("click", () => { rowsWanted = view.sheet.shownRows + 500; load(true); });
  const grid = $("grid");
  grid.addEventListener("mousedown", (ev) => {
    const td = ev.target.closest("td");
    const th = ev.target.closest("thead th[data-c]");
    if (td && !(editing && editing.el.parentNode === td)) select(Number(td.dataset.r), Number(td.dataset.c));
    else if (th) select(sel.r, Number(th.dataset.c));
  });
  grid.addEventListener("dblclick", (ev) => {
    const td = ev.target.closest("td");
    if (td && !editing) startEdit(Number(td.dataset.r), Number(td.dataset.c));
  });
  const formula = $("formula");
  formula.addEventListener("input", () => fitEditor(formula));
  formula.addEventListener("keydown", (ev) => {
    lineBreakOrCommit(ev, formula, () => {
      const cell = cellAt(sel.r, sel.c);
      editing = { r: sel.r, c: sel.c, el: formula, original: cell ? (cell.formula || cell.text) : "" };
      commit(formula.value);
      formula.blur();
      fitEditor(formula);
    });
  });
  document.addEventListener("paste", (ev) => {
    if (editing || document.activeElement === formula || !view) return;  // text pasted into an editor
    const text = ev.clipboardData ? ev.clipboardData.getData("text/plain") : "";
    if (!text) return;
    ev.preventDefault();
    paste(text);
  });
  document.addEventListener("keydown", (ev) => {
    if (editing || document.activeElement === formula || !view) return;
    const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1], Tab: [0, 1] };
    if (moves[ev.key]) { ev.preventDefault(); select(sel.r + moves[ev.key][0], sel.c + moves[ev.key][1]); }
    else if (ev.key === "Enter" || ev.key === "F2") { ev.preventDefault(); startEdit(sel.r, sel.c); }
    else if (ev.key === "Delete" || ev.key === "Backspace") {
      ev.preventDefault();
      editing = { r: sel.r, c: sel.c, el: null, original: null };
      commit("", false);
    } else if (ev.key.length === 1 && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
      ev.preventDefault();
      startEdit(sel.r, sel.c, ev.key);
    }
  });
}

bind();
load(true).then(watch);

// Charts (sheets[].charts[] of this tab), drawn as inline SVG from the values the server read out of
// the cells their ranges name: COLUMN/BAR as grouped bars, LINE (and any other type) as lines.
// No library and no network.
const SVG = "http://www.w3.org/2000/svg";
const PALETTE = ["#4285f4", "#ea4335", "#fbbc04", "#34a853", "#ff6d01", "#46bdc6", "#7baaf7", "#f07b72"];

function svgEl(name, attrs, text) {
  const el = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

function niceMax(v) {
  if (!(v > 0)) return 1;
  const step = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * step >= v) return m * step;
  return 10 * step;
}

function renderCharts() {
  const box = $("charts");
  box.replaceChildren();
  for (const chart of view.sheet.charts || []) box.appendChild(drawChart(chart));
}

function drawChart(chart) {
  const W = 600, H = 320, left = 56, right = 16, top = 40, bottom = 70;
  const fig = document.createElement("figure");
  fig.className = "chart";
  fig.dataset.chartId = chart.chartId;
  fig.dataset.type = chart.type;
  const svg = svgEl("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": chart.title });
  svg.appendChild(svgEl("text", { x: W / 2, y: 22, "text-anchor": "middle", class: "chart-title" }, chart.title));
  const labels = chart.labels, series = chart.series;
  const all = series.flatMap((s) => s.values).filter((v) => typeof v === "number");
  const max = niceMax(Math.max(0, ...all));
  const plotW = W - left - right, plotH = H - top - bottom;
  const y = (v) => top + plotH - (v / max) * plotH;
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4, yy = y(v);
    svg.appendChild(svgEl("line", { x1: left, x2: W - right, y1: yy, y2: yy, stroke: "#e8eaed" }));
    svg.appendChild(svgEl("text", { x: left - 6, y: yy + 4, "text-anchor": "end" }, String(Math.round(v * 10) / 10)));
  }
  const slot = plotW / Math.max(1, labels.length);
  labels.forEach((label, i) => {
    svg.appendChild(svgEl("text", { x: left + slot * (i + 0.5), y: top + plotH + 16, "text-anchor": "middle" }, label));
  });
  const bars = chart.type === "COLUMN" || chart.type === "BAR";
  series.forEach((s, k) => {
    const color = PALETTE[k % PALETTE.length];
    if (bars) {
      const bw = (slot * 0.8) / Math.max(1, series.length);
      s.values.forEach((v, i) => {
        if (typeof v !== "number") return;
        const x = left + slot * i + slot * 0.1 + bw * k;
        svg.appendChild(svgEl("rect", { x, y: y(v), width: Math.max(1, bw - 2), height: top + plotH - y(v), fill: color, class: "bar" }));
      });
    } else {
      const points = s.values
        .map((v, i) => (typeof v === "number" ? `${left + slot * (i + 0.5)},${y(v)}` : null))
        .filter(Boolean);
      if (points.length) svg.appendChild(svgEl("polyline", { points: points.join(" "), fill: "none", stroke: color, "stroke-width": 2, class: "line" }));
      for (const pt of points) {
        const [cx, cy] = pt.split(",");
        svg.appendChild(svgEl("circle", { cx, cy, r: 3, fill: color }));
      }
    }
    const lx = left + k * 130;
    svg.appendChild(svgEl("rect", { x: lx, y: H - 22, width: 10, height: 10, fill: color }));
    svg.appendChild(svgEl("text", { x: lx + 14, y: H - 13 }, s.name));
  });
  svg.appendChild(svgEl("text", { x: left + plotW / 2, y: top + plotH + 34, "text-anchor": "middle" }, chart.bottomTitle || ""));
  svg.appendChild(svgEl("text", { x: 14, y: top + plotH / 2, "text-anchor": "middle", transform: `rotate(-90 14 ${top + plotH / 2})` }, chart.leftTitle || ""));
  fig.appendChild(svg);
  return fig;
}
