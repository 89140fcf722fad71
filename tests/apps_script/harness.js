'use strict';
// Stand-ins for the Apps Script services Code.gs uses, and a loader that runs Code.gs in a vm context.
// Written for Waybill Relay's tests; no npm packages.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const crypto = require('node:crypto');

const CODE_GS = path.resolve(__dirname, '../../sheet_templates/apps_script/Code.gs');

function fakeRange(sheetName, row, column, numRows = 1, numColumns = 1) {
  const colName = (c) => {
    let s = '';
    for (let n = c; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    return s;
  };
  const a1 = colName(column) + row +
    (numRows > 1 || numColumns > 1 ? ':' + colName(column + numColumns - 1) + (row + numRows - 1) : '');
  const sheet = { getName: () => sheetName, activate: () => { sheet.activated = true; } };
  return {
    getSheet: () => sheet,
    getA1Notation: () => a1,
    getRow: () => row,
    getColumn: () => column,
    getNumRows: () => numRows,
    getNumColumns: () => numColumns,
  };
}

function load({ properties = {}, responseCode = 200, now = Date.now(), activeRange = null, email = '' } = {}) {
  const fetches = [];
  const toasts = [];
  const menus = [];
  const triggers = [];
  const deleted = [];
  const helpSheet = { activated: false, activate() { this.activated = true; } };
  const spreadsheet = {
    getId: () => 'sheet-123',
    getActiveRange: () => activeRange,
    getActiveSheet: () => ({ getRange: (r, c) => fakeRange('订单', r, c) }),
    getSheetByName: (name) => (name === '说明' ? helpSheet : null),
    toast: (msg, title) => toasts.push({ msg, title }),
  };
  const context = {
    console: { warn: () => {}, log: () => {} },
    Date: { now: () => now },
    Math,
    JSON,
    String,
    SpreadsheetApp: {
      getActiveSpreadsheet: () => spreadsheet,
      getUi: () => {
        const menu = { items: [] };
        const builder = {
          createMenu(name) { menu.name = name; return builder; },
          addItem(label, fn) { menu.items.push([label, fn]); return builder; },
          addSeparator() { return builder; },
          addToUi() { menus.push(menu); },
        };
        return builder;
      },
    },
    PropertiesService: {
      getScriptProperties: () => ({ getProperty: (k) => (k in properties ? properties[k] : null) }),
    },
    Utilities: {
      Charset: { UTF_8: 'UTF_8' },
      // Like the real one: returns SIGNED bytes (-128..127).
      computeHmacSha256Signature(value, key, charset) {
        if (charset !== 'UTF_8') throw new Error('charset expected');
        const digest = crypto.createHmac('sha256', Buffer.from(key, 'utf8')).update(Buffer.from(value, 'utf8')).digest();
        return Array.from(new Int8Array(digest.buffer, digest.byteOffset, digest.length));
      },
    },
    UrlFetchApp: {
      fetch(url, options) {
        fetches.push({ url, options });
        return { getResponseCode: () => responseCode };
      },
    },
    Session: { getActiveUser: () => ({ getEmail: () => email }) },
    ScriptApp: {
      getProjectTriggers: () => triggers.slice(),
      deleteTrigger: (t) => { deleted.push(t); triggers.splice(triggers.indexOf(t), 1); },
      newTrigger(handler) {
        const spec = { handler };
        const b = {
          forSpreadsheet(ss) { spec.spreadsheet = ss; return b; },
          onEdit() { spec.event = 'edit'; return b; },
          create() {
            const t = { getHandlerFunction: () => handler, spec };
            triggers.push(t);
            return t;
          },
        };
        return b;
      },
    },
  };
  vm.createContext(context);
  vm.runInContext(fs.readFileSync(CODE_GS, 'utf8'), context, { filename: 'Code.gs' });
  return { context, fetches, toasts, menus, triggers, deleted, helpSheet, spreadsheet };
}

function editEvent(env, { sheetName = '订单', row = 5, column = 10, numRows = 1, numColumns = 1,
  value, oldValue, email = 'ops@example.com' } = {}) {
  return {
    source: env.spreadsheet,
    range: fakeRange(sheetName, row, column, numRows, numColumns),
    value,
    oldValue,
    user: { getEmail: () => email },
    authMode: 'FULL',
    triggerUid: '42',
  };
}

module.exports = { load, editEvent, fakeRange };
