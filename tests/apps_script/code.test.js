'use strict';
// node --test: behaviour of Code.gs with Apps Script stand-ins.
const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { load, editEvent, fakeRange } = require('./harness.js');

const PROPS = { WAYBILL_EDIT_URL: 'http://127.0.0.1:9/sheet-edit', WAYBILL_SECRET: 's3cret-密钥' };

test('edit trigger posts the contract payload with a hex HMAC over "<ts>.<body>"', () => {
  const env = load({ properties: PROPS, now: 1764129600123 });
  const code = env.context.handleSheetEdit(editEvent(env, { value: 'SF1234567890123', oldValue: 'SF0' }));
  assert.equal(code, 200);
  assert.equal(env.fetches.length, 1);
  const { url, options } = env.fetches[0];
  assert.equal(url, PROPS.WAYBILL_EDIT_URL);
  assert.equal(options.method, 'post');
  assert.equal(options.contentType, 'application/json');
  assert.equal(options.muteHttpExceptions, true);
  const body = JSON.parse(options.payload);
  assert.deepEqual(body, {
    spreadsheetId: 'sheet-123', sheetName: '订单', range: 'J5', row: 5, column: 10, numRows: 1,
    numColumns: 1, value: 'SF1234567890123', oldValue: 'SF0', user: 'ops@example.com', timestamp: 1764129600,
  });
  assert.equal(options.headers['X-Waybill-Timestamp'], '1764129600');
  const want = crypto.createHmac('sha256', PROPS.WAYBILL_SECRET)
    .update('1764129600.' + options.payload, 'utf8').digest('hex');
  assert.equal(options.headers['X-Waybill-Signature'], want);
  assert.match(want, /^[0-9a-f]{64}$/);
});

test('cleared cell and multi-cell paste send null values and the block bounds', () => {
  const env = load({ properties: PROPS });
  env.context.handleSheetEdit(editEvent(env, { row: 3, column: 2, numRows: 2, numColumns: 2 }));
  const body = JSON.parse(env.fetches[0].options.payload);
  assert.equal(body.range, 'B3:C4');
  assert.equal(body.value, null);
  assert.equal(body.oldValue, null);
  assert.equal(body.numRows, 2);
  assert.equal(body.numColumns, 2);
});

test('nothing is sent when the secret or URL is missing', () => {
  const env = load({ properties: { WAYBILL_EDIT_URL: PROPS.WAYBILL_EDIT_URL } });
  assert.equal(env.context.handleSheetEdit(editEvent(env, { value: 'x' })), 0);
  assert.equal(env.fetches.length, 0);
});

test('the handler is not named onEdit (no double send from the simple trigger)', () => {
  const env = load({ properties: PROPS });
  assert.equal(typeof env.context.onEdit, 'undefined');
  assert.equal(typeof env.context.handleSheetEdit, 'function');
});

test('menu 单号中继 has the four items', () => {
  const env = load({ properties: PROPS });
  env.context.onOpen();
  assert.equal(env.menus.length, 1);
  assert.equal(env.menus[0].name, '单号中继');
  assert.deepEqual(env.menus[0].items.map((i) => i[0]), ['立即同步', '校验所选行', '推送所选行', '帮助']);
  for (const [, fn] of env.menus[0].items) assert.equal(typeof env.context[fn], 'function', fn);
});

test('menu actions send the selection with an action field', () => {
  const env = load({ properties: PROPS, activeRange: fakeRange('订单', 7, 1, 3, 14), email: 'boss@example.com' });
  env.context.waybillPushSelection();
  const body = JSON.parse(env.fetches[0].options.payload);
  assert.equal(body.action, 'push');
  assert.equal(body.range, 'A7:N9');
  assert.equal(body.user, 'boss@example.com');
  assert.equal(env.toasts.length, 1);
  env.context.waybillSyncNow();
  assert.equal(JSON.parse(env.fetches[1].options.payload).action, 'sync');
  env.context.waybillValidateSelection();
  assert.equal(JSON.parse(env.fetches[2].options.payload).action, 'validate');
});

test('help opens the 说明 tab', () => {
  const env = load({ properties: PROPS });
  env.context.waybillShowHelp();
  assert.equal(env.helpSheet.activated, true);
});

test('install creates one edit trigger for handleSheetEdit, idempotently', () => {
  const env = load({ properties: PROPS });
  env.context.installWaybillRelay();
  env.context.installWaybillRelay();
  assert.equal(env.triggers.length, 1);
  assert.equal(env.deleted.length, 1);
  assert.equal(env.triggers[0].spec.handler, 'handleSheetEdit');
  assert.equal(env.triggers[0].spec.event, 'edit');
  assert.equal(env.triggers[0].spec.spreadsheet, env.spreadsheet);
});
