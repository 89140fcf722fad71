// Sheets emulator web view: render one tab, let a person edit, sort, insert and delete rows.
// Plain JS, no build step. The server does the work; this file only draws and posts.
"use strict";

const sid = decodeURIComponent(location.pathname.split("/").filter(Boolean)[1] || "");
const api = (action) => `/ui/api/${encodeURIComponent(sid)}/${action}`;
const $ = (id) => document.getElementById(id);
const ROW_HEIGHT = 24;

let view = null;          // last JSON from the server
let lastJson = "";
let sheetId = null;
let rowsWanted = 0;      // 0: the server decides; set by "more rows"
let sel = { r: 1, c: 0 };
let editing = null;       // {r, c, el}

function letters(i) {
  let s = "";
  for (i += 1; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

function status(text, isError) {
  const el = $("status");
  el.textContent = text;
  el.className = isError ? "error" : "";
}

async function load(force) {
  const params = new URLSearchParams();
  if (sheetId !== null) params.set("sheetId", sheetId);
  if (rowsWanted) params.set("rows", String(rowsWanted));
  const res = await fetch(`${api("view")}?${params}`);
  const text = await res.text();
  if (!res.ok) { status(errorText(text), true); return; }
  if (!force && text === lastJson) return;
  lastJson = text;
  view = JSON.parse(text);
  sheetId = view.sheet.sheetId;
  render();
}

function errorText(text) {
  try { return JSON.parse(text).error.message; } catch (e) { return text; }
}

function cellAt(r, c) {
  return view.cellMap.get(`${r},${c}`) || null;
}

function render() {
  document.title = `${view.title} – ${view.sheet.title}`;
  $("title").textContent = view.title;
  view.cellMap = new Map(view.sheet.cells.map((x) => [`${x.r},${x.c}`, x]));
  renderTabs();
  renderGrid();
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

function renderGrid() {
  const sh = view.sheet;
  const table = $("grid");
  table.replaceChildren();
  const colgroup = document.createElement("colgroup");
  colgroup.appendChild(Object.assign(document.createElement("col"), { style: "width:46px" }));
  for (let c = 0; c < sh.shownColumns; c++) {
    const col = document.createElement("col");
    col.style.width = `${sh.hiddenColumns.includes(c) ? 4 : sh.columnWidths[c]}px`;
    colgroup.appendChild(col);
  }
  table.appendChild(colgroup);
  const head = table.createTHead().insertRow();
  head.appendChild(Object.assign(document.createElement("th"), { className: "rowhead" }));
  for (let c = 0; c < sh.shownColumns; c++) {
    const th = document.createElement("th");
    th.textContent = letters(c);
    th.dataset.c = c;
    th.addEventListener("click", () => select(sel.r, c));
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
    for (let c = 0; c < sh.shownColumns; c++) tr.appendChild(makeCell(r, c, sh));
  }
}

function makeCell(r, c, sh) {
  const td = document.createElement("td");
  td.dataset.r = r;
  td.dataset.c = c;
  td.dataset.ref = `${letters(c)}${r + 1}`;
  if (r < sh.frozenRows) td.style.top = `${ROW_HEIGHT * (r + 1)}px`;
  const cell = cellAt(r, c);
  if (cell) {
    td.textContent = cell.text;
    if (cell.bg) td.style.background = cell.bg;
    if (cell.fg) td.style.color = cell.fg;
    if (cell.bold) td.style.fontWeight = "bold";
    if (cell.italic) td.style.fontStyle = "italic";
    if (cell.strike) td.style.textDecoration = "line-through";
    if (cell.align) td.style.textAlign = cell.align;
    else if (cell.num) td.classList.add("num");
    if (cell.wrap) td.classList.add("wrap");
    if (cell.formula) td.classList.add("formula-cell");
    if (cell.note) { td.classList.add("has-note"); td.title = cell.note; }
    if (cell.dropdown) td.classList.add("dropdown");
  }
  td.addEventListener("mousedown", () => { if (!editing || editing.el.parentNode !== td) select(r, c); });
  td.addEventListener("dblclick", () => startEdit(r, c));
  return td;
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
  } else {
    el = document.createElement("input");
    el.type = "text";
    el.value = initial !== undefined ? initial : current;
  }
  el.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") { ev.preventDefault(); commit(el.value); }
    else if (ev.key === "Escape") { ev.preventDefault(); cancelEdit(); }
    ev.stopPropagation();
  });
  el.addEventListener("blur", () => { if (editing && editing.el === el && el.tagName === "INPUT") commit(el.value); });
  editing = { r, c, el, original: current };
  td.replaceChildren(el);
  el.focus();
}

function cancelEdit() {
  editing = null;
  render();
}

function protectedRange(r, c) {
  for (const p of view.sheet.protected) {
    const g = p.range;
    const inside = (g.startRowIndex || 0) <= r && r < (g.endRowIndex ?? Infinity)
      && (g.startColumnIndex || 0) <= c && c < (g.endColumnIndex ?? Infinity);
    if (inside) return p;
  }
  return null;
}

async function commit(value) {
  if (!editing) return;
  const { r, c, original } = editing;
  editing = null;
  if (value === original) { render(); return; }
  const p = protectedRange(r, c);
  if (p && p.warningOnly && !confirm(`此区域受保护 / This range is protected${p.description ? ": " + p.description : ""}.\n仍要修改吗? Edit anyway?`)) {
    render();
    return;
  }
  await post("edit", { row: r, col: c, value }, `${letters(c)}${r + 1}`);
}

async function post(action, body, what) {
  const res = await fetch(api(action), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(Object.assign({ sheetId: view.sheet.sheetId }, body)),
  });
  const text = await res.text();
  if (!res.ok) {
    status(`${what}: ${errorText(text)}`, true);
    await load(true);
    return;
  }
  const out = JSON.parse(text);
  status(`${what} ✓${out.hook ? " · 编辑通知已发送 (edit hook sent)" : ""}`, false);
  await load(true);
}

function bind() {
  $("sort-asc").addEventListener("click", () => post("sort", { col: sel.c, ascending: true }, `sort ${letters(sel.c)} A→Z`));
  $("sort-desc").addEventListener("click", () => post("sort", { col: sel.c, ascending: false }, `sort ${letters(sel.c)} Z→A`));
  $("insert-above").addEventListener("click", () => post("insert-row", { row: sel.r }, `insert row ${sel.r + 1}`));
  $("insert-below").addEventListener("click", () => post("insert-row", { row: sel.r + 1 }, `insert row ${sel.r + 2}`));
  $("delete-row").addEventListener("click", () => post("delete-row", { row: sel.r }, `delete row ${sel.r + 1}`));
  $("more-rows").addEventListener("click", () => { rowsWanted = view.sheet.shownRows + 500; load(true); });
  const formula = $("formula");
  formula.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") {
      ev.preventDefault();
      const cell = cellAt(sel.r, sel.c);
      editing = { r: sel.r, c: sel.c, el: formula, original: cell ? (cell.formula || cell.text) : "" };
      commit(formula.value);
      formula.blur();
    }
  });
  document.addEventListener("keydown", (ev) => {
    if (editing || document.activeElement === formula || !view) return;
    const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1], Tab: [0, 1] };
    if (moves[ev.key]) { ev.preventDefault(); select(sel.r + moves[ev.key][0], sel.c + moves[ev.key][1]); }
    else if (ev.key === "Enter" || ev.key === "F2") { ev.preventDefault(); startEdit(sel.r, sel.c); }
    else if (ev.key === "Delete" || ev.key === "Backspace") {
      ev.preventDefault();
      editing = { r: sel.r, c: sel.c, el: null, original: null };
      commit("");
    } else if (ev.key.length === 1 && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
      ev.preventDefault();
      startEdit(sel.r, sel.c, ev.key);
    }
  });
  // Show writes made through the API (a sync tick) without a manual reload.
  setInterval(() => { if (!editing && document.visibilityState === "visible") load(false); }, 3000);
}

bind();
load(true);
