/**
 * Waybill Relay (单号中继) — the Apps Script bound to the operator sheet.
 *
 * - handleSheetEdit: installable edit trigger (deliberately NOT named onEdit, or the simple trigger
 *   would fire too and every edit would be sent twice). It POSTs the edit to the sheet-edit function.
 * - onOpen: adds the menu 单号中继 (立即同步 / 校验所选行 / 推送所选行 / 帮助).
 * - installWaybillRelay: creates the installable trigger (idempotent: removes its own old ones first).
 *
 * Wire contract (shared/sheets/edit_signature.py verifies it): POST JSON body
 *   {spreadsheetId, sheetName, range, row, column, numRows, numColumns, value, oldValue, user, timestamp}
 * with headers X-Waybill-Timestamp: <unix seconds> and
 *   X-Waybill-Signature: <hex HMAC-SHA256 of "<timestamp>.<raw body>" with the shared secret>.
 * Menu actions send the same envelope for the selected range plus "action": "sync" | "validate" | "push".
 *
 * Script Properties (Project settings > Script properties; never in the sheet):
 *   WAYBILL_EDIT_URL  the sheet-edit function's URL
 *   WAYBILL_SECRET    the shared HMAC secret
 */

var WAYBILL_MENU = '单号中继';
var WAYBILL_HANDLER = 'handleSheetEdit';
var WAYBILL_HELP_TAB = '说明';

/** Installable edit trigger handler. */
function handleSheetEdit(e) {
  if (!e || !e.range) return null;
  var payload = waybillPayload_(e.source || SpreadsheetApp.getActiveSpreadsheet(), e.range, {
    value: e.value,
    oldValue: e.oldValue,
    user: waybillEditorEmail_(e)
  });
  return waybillPost_(payload);
}

/** Simple trigger: the menu. A menu item runs as the clicking user. */
function onOpen() {
  SpreadsheetApp.getUi()
    .createMenu(WAYBILL_MENU)
    .addItem('立即同步', 'waybillSyncNow')
    .addItem('校验所选行', 'waybillValidateSelection')
    .addItem('推送所选行', 'waybillPushSelection')
    .addSeparator()
    .addItem('帮助', 'waybillShowHelp')
    .addToUi();
}

function waybillSyncNow() { return waybillMenuAction_('sync', '已请求同步'); }
function waybillValidateSelection() { return waybillMenuAction_('validate', '已请求校验所选行'); }
function waybillPushSelection() { return waybillMenuAction_('push', '已请求推送所选行'); }

function waybillShowHelp() {
  var ss = SpreadsheetApp.getActiveSpreadsheet();
  var help = ss.getSheetByName(WAYBILL_HELP_TAB);
  if (help) help.activate();
  ss.toast('颜色图例和使用说明在“' + WAYBILL_HELP_TAB + '”标签页。', WAYBILL_MENU, 5);
}

/** Run once from the script editor (or the menu of the editor): creates the edit trigger. */
function installWaybillRelay() {
  var ss = SpreadsheetApp.getActiveSpreadsheet();
  var triggers = ScriptApp.getProjectTriggers();
  for (var i = 0; i < triggers.length; i++) {
    if (triggers[i].getHandlerFunction() === WAYBILL_HANDLER) ScriptApp.deleteTrigger(triggers[i]);
  }
  ScriptApp.newTrigger(WAYBILL_HANDLER).forSpreadsheet(ss).onEdit().create();
  return WAYBILL_HANDLER;
}

function waybillMenuAction_(action, doneMessage) {
  var ss = SpreadsheetApp.getActiveSpreadsheet();
  var range = ss.getActiveRange() || ss.getActiveSheet().getRange(1, 1);
  var payload = waybillPayload_(ss, range, {value: null, oldValue: null, user: waybillSessionEmail_()});
  payload.action = action;
  var code = waybillPost_(payload);
  ss.toast(code >= 200 && code < 300 ? doneMessage : '请求失败（' + code + '），请稍后再试。', WAYBILL_MENU, 5);
  return code;
}

function waybillPayload_(ss, range, extra) {
  return {
    spreadsheetId: ss.getId(),
    sheetName: range.getSheet().getName(),
    range: range.getA1Notation(),
    row: range.getRow(),
    column: range.getColumn(),
    numRows: range.getNumRows(),
    numColumns: range.getNumColumns(),
    // e.value / e.oldValue are undefined for cleared cells and multi-cell pastes: send null.
    value: extra.value === undefined ? null : extra.value,
    oldValue: extra.oldValue === undefined ? null : extra.oldValue,
    user: extra.user || '',
    timestamp: Math.floor(Date.now() / 1000)
  };
}

/** POST the payload, signed; returns the HTTP status (0 when not configured). */
function waybillPost_(payload) {
  var props = PropertiesService.getScriptProperties();
  var url = props.getProperty('WAYBILL_EDIT_URL');
  var secret = props.getProperty('WAYBILL_SECRET');
  if (!url || !secret) {
    console.warn('单号中继: WAYBILL_EDIT_URL / WAYBILL_SECRET not set in Script Properties');
    return 0;
  }
  var body = JSON.stringify(payload);
  var ts = String(payload.timestamp);
  var response = UrlFetchApp.fetch(url, {
    method: 'post',
    contentType: 'application/json',
    payload: body,
    muteHttpExceptions: true,
    headers: {
      'X-Waybill-Timestamp': ts,
      'X-Waybill-Signature': waybillSign_(ts + '.' + body, secret)
    }
  });
  return response.getResponseCode();
}

/** Lowercase hex HMAC-SHA256. computeHmacSha256Signature returns signed bytes (-128..127). */
function waybillSign_(message, secret) {
  var bytes = Utilities.computeHmacSha256Signature(message, secret, Utilities.Charset.UTF_8);
  var hex = '';
  for (var i = 0; i < bytes.length; i++) {
    var b = (bytes[i] + 256) % 256;
    hex += (b < 16 ? '0' : '') + b.toString(16);
  }
  return hex;
}

function waybillEditorEmail_(e) {
  // e.user may be empty because of privacy rules (a consumer account editing another's sheet).
  try {
    if (e.user && e.user.getEmail) return e.user.getEmail() || '';
  } catch (err) {
    // fall through
  }
  return waybillSessionEmail_();
}

function waybillSessionEmail_() {
  try {
    return Session.getActiveUser().getEmail() || '';
  } catch (err) {
    return '';
  }
}
