'use strict';
// Prints, as JSON, the request Code.gs sends for one edit: {url, headers, body}.
// argv: <secret> <now-ms> <value>. Used by tests/unit/sheets/test_apps_script.py.
const { load, editEvent } = require('./harness.js');

const [secret, nowMs, value] = process.argv.slice(2);
const env = load({ properties: { WAYBILL_EDIT_URL: 'http://127.0.0.1:9/sheet-edit', WAYBILL_SECRET: secret },
  now: Number(nowMs) });
env.context.handleSheetEdit(editEvent(env, { value, oldValue: undefined, email: '运营@example.com' }));
const { url, options } = env.fetches[0];
process.stdout.write(JSON.stringify({ url, headers: options.headers, body: options.payload }));
