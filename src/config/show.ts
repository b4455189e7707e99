// `smpp-send config`: each setting's effective value and where it came from, as rows. Pure: the
// CLI renders the rows as a table or JSON. Secrets are never values here, only "set" / "not set".
import { configKey, OPTIONS } from './options.js';
import { originLabel, type OriginContext } from './origin.js';
import type { Origin, Settings } from './settings.js';

export interface SettingRow {
  key: string; // config-file key (camelCase flag)
  value: string | number | boolean | string[] | null; // null: not set; secrets: 'set' / 'not set'
  from: string; // --flag, VARIABLE, 'key in FILE', 'profiles.NAME.key in FILE', 'default'
  secret?: true;
}

/** Milliseconds as the shortest duration a user would type (10s, 500ms, 5m). */
export function formatMs(ms: number): string {
  if (ms === 0) return '0';
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

function display(key: keyof Settings, value: unknown): SettingRow['value'] {
  if (value === undefined) return null;
  if (key === 'interfaceVersion' && typeof value === 'number') return `0x${value.toString(16)}`;
  if (key === 'wait') return value === false ? false : formatMs(value as number);
  if (key.endsWith('Ms') && typeof value === 'number') return formatMs(value);
  if (key === 'tlv') return (value as { tag: number; value: Buffer }[]).map((t) => `0x${t.tag.toString(16).padStart(4, '0')}=${t.value.toString('hex')}`);
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

export function settingRows(settings: Settings, origins: Partial<Record<keyof Settings, Origin>>, ctx: OriginContext): SettingRow[] {
  const rows: SettingRow[] = [];
  for (const spec of OPTIONS) {
    if (spec.key === 'config' || spec.key === 'profile') continue; // shown as the file and profile
    const key = spec.key as keyof Settings;
    const raw = settings[key];
    if (spec.config === false && raw === undefined) continue; // per-run input (--text, --batch) not given
    const from = originLabel(spec, origins[key] ?? 'default', ctx);
    if (spec.secret) {
      const set = typeof raw === 'string' && raw !== '';
      rows.push({ key: configKey(spec), value: set ? 'set' : 'not set', from, secret: true });
    } else {
      rows.push({ key: configKey(spec), value: display(key, raw), from });
    }
  }
  return rows;
}
