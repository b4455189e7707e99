// Issue 12: `smpp-send completion bash|zsh|fish`, generated from the option table. The bash
// script is loaded in a real bash and asked for completions, as Tab would; profile names come
// from the config file at completion time (`smpp-send completion --profiles`, the built CLI on
// PATH, as installed). The script itself and the command's answers come from main(io) in-process.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { completionScript, valueKind } from '../../src/cli/completion.js';
import { OPTIONS } from '../../src/config/options.js';
import { BIN, cleanEnv } from '../helpers/cli.js';
import { runMain } from '../helpers/in-process.js';
import { useTempDir } from '../helpers/temp-dir.js';

const dir = useTempDir('smpp-completion-');
let script: string;
beforeAll(async () => {
  // `smpp-send` on PATH, as installed: the script calls it for profile names.
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'bin', 'smpp-send'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(dir, 'bin', 'smpp-send'), 0o755);
  mkdirSync(join(dir, 'home'));
  writeFileSync(join(dir, 'home', '.smpprc.json'), JSON.stringify({ host: 'h', profiles: { prod: { port: 1 }, staging: { port: 2 }, 'eu-west': {} } }));
  writeFileSync(join(dir, 'other.json'), JSON.stringify({ profiles: { lab: {} } }));
  const r = await runMain(['completion', 'bash']);
  expect(r.code, r.stderr).toBe(0);
  script = join(dir, 'completion.bash');
  writeFileSync(script, r.stdout);
});

/** What bash offers for the command line `words` with the cursor at the end of the last word. */
function complete(...words: string[]): string[] {
  const line = ['smpp-send', ...words];
  const program = `source ${JSON.stringify(script)}
COMP_WORDS=(${line.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${line.length - 1}
_smpp_send
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const home = join(dir, 'home');
  const out = execFileSync('bash', ['--norc', '--noprofile', '-c', program], {
    cwd: home,
    env: cleanEnv({ HOME: home, PATH: `${join(dir, 'bin')}:${process.env.PATH}` }),
    encoding: 'utf8',
  });
  return out.split('\n').filter(Boolean).sort();
}

describe('bash', () => {
  it('flags from the option table', () => {
    expect(complete('--cod')).toEqual(['--coding']);
    expect(complete('--re')).toEqual(expect.arrayContaining(['--receipt', '--response-timeout', '--retries', '--retry-delay', '--reconnect-attempts']));
    expect(complete('--to', '+447700900123', '--dry')).toEqual(['--dry-run']);
  });

  it('enum values of --coding, --split, --bind', () => {
    expect(complete('--coding', '')).toEqual(['ascii', 'auto', 'binary', 'gsm7', 'latin1', 'ucs2']);
    expect(complete('--split', 'u')).toEqual(['udh16', 'udh8']);
    expect(complete('--bind', 'tr')).toEqual(['transceiver', 'transmitter']);
  });

  it('profile names from the config file, at completion time (-P too, and --config FILE)', () => {
    expect(complete('--profile', '')).toEqual(['eu-west', 'prod', 'staging']);
    expect(complete('-P', 'st')).toEqual(['staging']);
    expect(complete('--config', join(dir, 'other.json'), '--profile', '')).toEqual(['lab']);
  });

  it('subcommands first, then their own words', () => {
    expect(complete('')).toEqual(['cancel', 'completion', 'config', 'help', 'listen', 'probe', 'query', 'replace', 'report']);
    expect(complete('re')).toEqual(['replace', 'report']);
    expect(complete('completion', '')).toEqual(['bash', 'fish', 'zsh']);
    expect(complete('report', '--')).toEqual(['--failed', '--help', '--json', '--no-color']);
  });

  it('a free value (--text) is not completed with flags', () => {
    expect(complete('--text', '--')).toEqual([]);
  });
});

describe('the scripts', () => {
  it.each(['bash', 'zsh', 'fish'] as const)('%s: every flag of the table, and every choice', (shell) => {
    const text = completionScript(shell);
    for (const spec of OPTIONS) {
      expect(text).toContain(shell === 'fish' ? `-l ${spec.flag.slice(2)}` : spec.flag);
      const k = valueKind(spec);
      if (k.kind === 'choices') expect(text).toContain(k.choices.join(' '));
    }
    expect(text).toContain('smpp-send completion --profiles');
  });

  it('bash: the script parses (bash -n)', () => {
    execFileSync('bash', ['-n', script]);
  });

  it('completion --profiles prints nothing and exits 0 when there is no config file, or a broken one', async () => {
    writeFileSync(join(dir, 'broken.json'), '{ nope');
    for (const args of [['completion', '--profiles'], ['completion', '--profiles', '--config', join(dir, 'broken.json')]]) {
      const r = await runMain(args, { cwd: dir, env: { HOME: join(dir, 'bin') } });
      expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
    }
  });

  it('no shell, or an unknown one: one line, exit 2', async () => {
    const r = await runMain(['completion', 'tcsh']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: completion needs a shell: bash, zsh or fish ('tcsh' is not one); e.g. eval "$(smpp-send completion bash)"\n`);
  });
});
