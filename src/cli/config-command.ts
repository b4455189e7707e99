// `smpp-send config [options]`: the settings a send with these options would use, and where each
// came from. Human table or (--json) one object; the password only as "set (from ...)".
import type { ConfigCommand } from './load-settings.js';
import { settingRows, type SettingRow } from '../config/show.js';
import { EXIT } from '../exit-codes.js';
import type { Io } from './io.js';

function shown(row: SettingRow): string {
  if (row.value === null) return '(not set)';
  if (Array.isArray(row.value)) return row.value.length ? row.value.join(',') : '(none)';
  if (row.value === '') return '""';
  return String(row.value);
}

export function configCommand(loaded: ConfigCommand, io: Io): number {
  const ctx = { ...(loaded.configFile ? { configFile: loaded.configFile } : {}), ...(loaded.profile ? { profile: loaded.profile } : {}) };
  const rows = settingRows(loaded.settings, loaded.origins, ctx);
  if (loaded.settings.json) {
    const settings = Object.fromEntries(rows.map((r) => [r.key, { value: r.value, from: r.from }]));
    const obj = { type: 'config', file: loaded.configFile ?? null, profile: loaded.profile ?? null, settings, warnings: loaded.warnings, t: new Date().toISOString() };
    io.stdout.write(`${JSON.stringify(obj)}\n`);
    return EXIT.ok;
  }
  for (const w of loaded.warnings) io.stderr.write(`warning: ${w}\n`);
  const lines = [`config file: ${loaded.configFile ?? '(none found)'}`, `profile: ${loaded.profile ?? '(none)'}`, ''];
  const width = Math.max(...rows.map((r) => r.key.length));
  const valueWidth = Math.min(40, Math.max(...rows.map((r) => shown(r).length)));
  for (const r of rows) lines.push(`${r.key.padEnd(width)}  ${shown(r).padEnd(valueWidth)}  ${r.from === 'default' ? '(default)' : `(from ${r.from})`}`);
  io.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
