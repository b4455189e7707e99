// Find and read the config file. The only module that touches cosmiconfig, imported lazily so
// --help and --version never pay for it.
//
// Where we look, first file wins:
//   1. --config FILE or SMPP_CONFIG (a missing file is an error, not a fallback);
//   2. the working directory, then each parent, stopping after the git root (a directory holding
//      .git), the home directory or the file-system root, whichever comes first;
//   3. the home directory, so a personal ~/.smpprc also serves runs from elsewhere (cron, /srv).
// In each directory: package.json ("smpp" key), .smpprc (YAML or JSON), .smpprc.json,
// .smpprc.yaml, .smpprc.yml, .smpprc.js, .smpprc.cjs, smpp.config.js, smpp.config.cjs.
// cosmiconfig 9 alone would search only the working directory (its default strategy "none"),
// or up to the home directory and then an OS config folder ("global"); we walk the directories
// ourselves and ask cosmiconfig to look in one directory at a time.
import { existsSync, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../errors.js';

export const SEARCH_PLACES = [
  'package.json',
  '.smpprc',
  '.smpprc.json',
  '.smpprc.yaml',
  '.smpprc.yml',
  '.smpprc.js',
  '.smpprc.cjs',
  'smpp.config.js',
  'smpp.config.cjs',
] as const;

export interface LoadedConfig {
  file: string; // absolute path
  data: unknown; // as parsed: validate it with validateConfig
  warnings: string[];
}

export interface FindOptions {
  cwd: string;
  home?: string; // where the upward search stops at the latest, and the last place looked
  /** --config FILE or SMPP_CONFIG, and which of the two gave it (for messages). */
  explicit?: { path: string; from: string };
}

/** The directories searched, in order (see the top of this file). */
export function searchDirs(cwd: string, home: string | undefined, isGitRoot: (dir: string) => boolean): string[] {
  const stop = home ? resolve(home) : undefined;
  const dirs: string[] = [];
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    dirs.push(dir);
    if (dir === stop || isGitRoot(dir) || dirname(dir) === dir) break;
  }
  if (stop && !dirs.includes(stop)) dirs.push(stop);
  return dirs;
}

/**
 * One line from a loader's error. cosmiconfig prefixes "YAML Error in FILE:", parsers add code
 * frames, and parse-json quotes the file ("while parsing '{...}'"): drop all three, since the
 * file may hold a password. Node 20's JSON.parse quotes the text around an unexpected character
 * (`Unexpected token 'h', ..."password": hunter2}"... is not valid JSON`), and the character
 * itself may be one of the password's: say only what is wrong.
 */
export function loaderMessage(err: unknown): string {
  // Parsers colour their code frames when they think the terminal can show it (CI=true does).
  const raw = (err instanceof Error ? err.message : String(err)).replace(/\x1b\[[0-9;]*m/g, '');
  const message = raw.replace(
    /Unexpected token .*? is not valid JSON/s,
    'unexpected character: not valid JSON (text values need "double quotes")',
  );
  const useful = message
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^(JSON|YAML) Error in /.test(l) && !/^(>|\||\d+ \|)/.test(l));
  return (useful[0] ?? 'unreadable').replace(/\s*while parsing .*$/s, '').replace(/:$/, '');
}

function hasPassword(data: unknown): boolean {
  if (typeof data !== 'object' || data === null) return false;
  const obj = data as Record<string, unknown>;
  if (obj.password !== undefined) return true;
  const profiles = obj.profiles;
  if (typeof profiles !== 'object' || profiles === null) return false;
  return Object.values(profiles).some((p) => typeof p === 'object' && p !== null && (p as Record<string, unknown>).password !== undefined);
}

/** A warning when a file holding a password can be read by other users. */
async function permissionWarning(file: string, data: unknown): Promise<string | undefined> {
  if (process.platform === 'win32' || !hasPassword(data)) return undefined;
  const { mode } = await stat(file);
  if ((mode & 0o077) === 0) return undefined;
  const octal = (mode & 0o777).toString(8);
  return `${file} holds a password but other users can read it (mode ${octal}); run: chmod 600 ${file}`;
}

/**
 * Whether a directory holds a file cosmiconfig could take a config from. A package.json counts
 * only with an "smpp" key: scripts often run in a project directory, and loading cosmiconfig
 * for its package.json cost a one-message run ~15 ms. One that is not JSON still counts, so
 * cosmiconfig reports it as before.
 */
function mayHoldConfig(dir: string): boolean {
  return SEARCH_PLACES.some((name) => {
    const file = join(dir, name);
    if (!existsSync(file)) return false;
    if (name !== 'package.json') return true;
    try {
      const pkg: unknown = JSON.parse(readFileSync(file, 'utf8'));
      return typeof pkg !== 'object' || pkg === null || 'smpp' in pkg;
    } catch {
      return true;
    }
  });
}

export async function loadConfigFile(opts: FindOptions): Promise<LoadedConfig | undefined> {
  const dirs = searchDirs(opts.cwd, opts.home, (d) => existsSync(join(d, '.git')));
  // Most cron alerts run where no candidate file exists: a few stat calls then spare us loading
  // cosmiconfig and its parsers (a noticeable part of the start-up time of a one-message run).
  if (!opts.explicit && !dirs.some(mayHoldConfig)) return undefined;
  const { cosmiconfig, defaultLoaders } = await import('cosmiconfig');
  const explorer = cosmiconfig('smpp', {
    searchPlaces: [...SEARCH_PLACES],
    searchStrategy: 'none',
    cache: false,
    // --config FILE with any other extension (.smpprc.example, .conf) is read as YAML, of which JSON is a subset.
    loaders: { default: defaultLoaders['.yaml'] },
  });

  let found: { filepath: string; config: unknown } | null = null;
  let file: string | undefined;
  try {
    if (opts.explicit) {
      file = resolve(opts.cwd, opts.explicit.path);
      const st = await stat(file).catch(() => undefined);
      if (!st) throw new ConfigError(`config file not found: ${file} (from ${opts.explicit.from}); check the path`);
      if (!st.isFile()) throw new ConfigError(`config file ${file} (from ${opts.explicit.from}) is not a file`);
      found = (await explorer.load(file)) ?? { filepath: file, config: undefined };
    } else {
      for (const dir of dirs) {
        file = dir;
        found = await explorer.search(dir);
        if (found) break;
      }
    }
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const where = (err as { filepath?: string }).filepath ?? file ?? opts.cwd;
    throw new ConfigError(`cannot read config file ${where}: ${loaderMessage(err)}`, undefined, { cause: err });
  }
  if (!found) return undefined;
  const warning = await permissionWarning(found.filepath, found.config);
  return { file: found.filepath, data: found.config, warnings: warning ? [warning] : [] };
}
