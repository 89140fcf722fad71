'use strict';
// Prints, as JSON, the request Code.gs sends: {url, headers, body}.
// argv: <secret> <now-ms> <value> [<menu action: sync|validate|push>].
// Used by tests/apps_script/test_apps_script.py.
const { load, editEvent, fakeRange } = require('./harness.js');

const [secret, nowMs, value, action] = process.argv.slice(2);
const env = load({
  properties: { WAYBILL_EDIT_URL: 'http://127.0.0.1:9/sheet-edit', WAYBILL_SECRET: secret },
  now: Number(nowMs),
  activeRange: fakeRange('订单', 2, 1, 4, 14),
  email: '运营@example.com',
});
const menu = { sync: 'waybillSyncNow', validate: 'waybillValidateSelection', push: 'waybillPushSelection' };
if (action) {
  env.context[menu[action]]();
} else {
  env.context.handleSheetEdit(editEvent(env, { value, oldValue: undefined, email: '运营@example.com' }));
}
const { url, options } = env.fetches[0];
process.stdout.write(JSON.stringify({ url, headers: options.headers, body: options.payload }));
