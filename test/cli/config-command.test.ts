// Issue 12: `smpp-send config` shows each effective setting and where it came from (flag,
// environment, which file, which profile, default); the password only as set/not set. In-process:
// the password travels in the environment and must appear in no output (useCli checks).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { settingRows, formatMs } from '../../src/config/show.js';
import { expectExit, PASSWORD, useCli } from '../helpers/e2e.js';
import { runMain } from '../helpers/in-process.js';
import { useTempDir } from '../helpers/temp-dir.js';

const cli = useCli(runMain);
const dir = useTempDir('smpp-config-cmd-');
mkdirSync(join(dir, '.git'));
const rc = join(dir, '.smpprc');
writeFileSync(rc, `host: smsc.example\nsystemId: acme\nprofiles:\n  prod: { port: 2776, window: 20 }\n  lab: { password: "${PASSWORD}" }\n`, { mode: 0o600 });

describe('smpp-send config', () => {
  it('--json: value and origin of every setting, the password as set (from SMPP_PASSWORD)', async () => {
    const r = await cli(['config', '--profile', 'prod', '--connect-timeout', '5s', '--json'], { cwd: dir, env: { SMPP_TPS: '50' } });
    expectExit(r, 0);
    const out = JSON.parse(r.stdout) as { type: string; file: string; profile: string; settings: Record<string, { value: unknown; from: string }> };
    expect(out).toMatchObject({ type: 'config', file: rc, profile: 'prod' });
    expect(out.settings).toMatchObject({
      host: { value: 'smsc.example', from: `host in ${rc}` },
      port: { value: 2776, from: `profiles.prod.port in ${rc}` },
      window: { value: 20, from: `profiles.prod.window in ${rc}` },
      tps: { value: 50, from: 'SMPP_TPS' },
      connectTimeout: { value: '5s', from: '--connect-timeout' },
      responseTimeout: { value: '30s', from: 'default' },
      password: { value: 'set', from: 'SMPP_PASSWORD' },
    });
    expect(out.settings.text).toBeUndefined(); // per-run input not given is not a setting
  });

  it('a password from a profile: where it came from, never what it is', async () => {
    const r = await cli(['config', '--profile', 'lab'], { cwd: dir, env: { SMPP_PASSWORD: undefined } });
    expectExit(r, 0);
    expect(r.stdout).toMatch(/^password +set +\(from profiles\.lab\.password in .*\.smpprc\)$/m);
    expect(r.stdout).toMatch(/^config file: .*\.smpprc$/m);
    expect(r.stdout).toMatch(/^host +smsc\.example +\(from host in /m);
    expect(r.stdout).toMatch(/^port +2775 +\(default\)$/m);
  });

  it('needs no recipient, text or system id; says what is missing', async () => {
    const r = await cli(['config'], { cwd: join(dir, '..'), env: { SMPP_PASSWORD: undefined } });
    expectExit(r, 0);
    expect(r.stdout).toMatch(/^password +not set +\(default\)$/m);
    expect(r.stderr).toMatch(/^warning: no system id/m);
  });
});

it('formatMs writes durations as a user would', () => {
  expect([0, 500, 1000, 90_000, 120_000, 7_200_000].map(formatMs)).toEqual(['0', '500ms', '1s', '90s', '2m', '2h']);
});

it('settingRows never carries a secret value', () => {
  const rows = settingRows({ password: PASSWORD } as never, { password: 'flag' }, {});
  expect(rows.find((r) => r.key === 'password')).toEqual({ key: 'password', value: 'set', from: '--password', secret: true });
  expect(JSON.stringify(rows)).not.toContain(PASSWORD);
});
