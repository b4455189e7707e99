// .smpprc.example documents every config key; it must load through the real loader, validate,
// and stay complete as options are added.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFIG_OPTIONS } from '../../src/config/options.js';
import { loadConfigFile } from '../../src/config/load.js';
import { validateConfig } from '../../src/config/validate.js';

const example = resolve(dirname(fileURLToPath(import.meta.url)), '../../.smpprc.example');
const text = readFileSync(example, 'utf8');
const ctx = { now: new Date('2030-01-01T00:00:00Z') };
const tmp = mkdtempSync(join(tmpdir(), 'smpp-example-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The example with its optional `#key: value` lines switched on. */
const allOn = text.replace(/^(\s*)#(?=[a-zA-Z]+:)/gm, '$1');

async function load(body: string) {
  const file = join(tmp, `${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, body, { mode: 0o600 });
  const loaded = await loadConfigFile({ cwd: tmp, explicit: { path: file, from: '--config' } });
  return { loaded: loaded!, config: validateConfig(loaded!.data, loaded!.file, ctx) };
}

describe('.smpprc.example', () => {
  it('loads as it is through the loader (by name, as --config would) and validates', async () => {
    const loaded = await loadConfigFile({ cwd: tmp, explicit: { path: example, from: '--config' } });
    expect(loaded?.warnings).toEqual([]); // no active password in it
    const config = validateConfig(loaded!.data, example, ctx);
    expect(config.top).toMatchObject({ host: 'smsc.example.com', interfaceVersion: 0x34, connectTimeoutMs: 10_000 });
    expect([...config.profiles.keys()]).toEqual(['prod', 'staging']);
    expect(config.profiles.get('prod')).toMatchObject({ tls: true, tps: 50, wait: 120_000 });
  });

  it('validates with every optional line switched on', async () => {
    const { config } = await load(allOn);
    expect(config.top).toMatchObject({ password: 'change-me', fromTon: 5, to: ['+447700900123', '+447700900124'], batchFormat: 'csv' });
    expect(config.top.tlv).toEqual([{ tag: 0x1400, value: Buffer.from('hello') }]);
  });

  it('shows every key a config file may hold, each with a comment', async () => {
    const { loaded } = await load(allOn);
    const top = Object.keys(loaded.data as object).filter((k) => k !== 'profiles');
    expect(top.sort()).toEqual([...CONFIG_OPTIONS.keys()].sort());
    for (const key of CONFIG_OPTIONS.keys()) {
      expect(text, key).toMatch(new RegExp(`^#?${key}: .*\\S\\s+# \\S`, 'm'));
    }
  });

  it('the switch-on rewrite does change the file (the tests above would prove nothing otherwise)', () => {
    expect(allOn).not.toBe(text);
    expect(allOn).toMatch(/^password: "change-me"/m);
  });
});
