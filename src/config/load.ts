// Find and read the config file. The only module that touches cosmiconfig (its YAML loader),
// imported lazily so --help, --version and runs without a YAML file never pay for it.
//
// Where we look, first file wins:
//   1. --config FILE or SMPP_CONFIG (a missing file is an error, not a fallback);
//   2. the working directory, then each parent, stopping after the git root (a directory holding
//      .git), the home directory or the file-system root, whichever comes first;
//   3. the home directory, so a personal ~/.smpprc also serves runs from elsewhere (cron, /srv).
// In each directory: package.json ("smpp" key), .smpprc (YAML or JSON), .smpprc.json,
// .smpprc.yaml, .smpprc.yml, .smpprc.js, .smpprc.cjs, smpp.config.js, smpp.config.cjs.
//
// We read the files ourselves and use cosmiconfig only for its YAML loader. Its search function
// cannot be used safely: creating an explorer first runs a "meta config" search of the process's
// working directory (package.json, .config/config.yaml, ...) outside any error handling, so a
// broken unrelated file ended the run as an "internal error" that quoted the file; a
// .config/config.yaml could also redirect the search, and $import pulled in other files.
// Error messages never quote a file: see loader-error.ts.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../errors.js';
import { describeProblem, jsonProblem, jsProblem, yamlProblem, type LoaderProblem } from './loader-error.js';

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

function malformed(file: string, p: LoaderProblem): ConfigError {
  return new ConfigError(`cannot read config file ${describeProblem(file, p)}`, p.fix);
}

/** The text of a candidate file, or undefined when there is none at that path. */
function readCandidate(file: string): string | undefined {
  try {
    // Most candidates do not exist: asking first spares building an ENOENT error for each.
    if (statSync(file, { throwIfNoEntry: false }) === undefined) return undefined;
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
    throw new ConfigError(`cannot read config file ${file}: ${code === 'EACCES' ? 'permission denied' : (code ?? 'read error')}`, 'make it readable, or give another file with --config');
  }
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw malformed(file, jsonProblem(text));
  }
}

async function parseYaml(file: string, text: string): Promise<unknown> {
  const { defaultLoaders } = await import('cosmiconfig');
  try {
    return await defaultLoaders['.yaml'](file, text);
  } catch (err) {
    throw malformed(file, yamlProblem(err));
  }
}

async function loadJs(file: string): Promise<unknown> {
  const names = [file, pathToFileURL(file).href];
  try {
    const real = realpathSync(file);
    names.push(real, pathToFileURL(real).href);
    const mod = (await import(pathToFileURL(real).href)) as { default?: unknown };
    return mod.default;
  } catch (err) {
    throw malformed(file, jsProblem(err, names));
  }
}

/** Parse a file's text by its extension: .json JSON, .js/.cjs/.mjs JavaScript, anything else YAML. */
async function parseFile(file: string, text: string): Promise<unknown> {
  const ext = extname(file).toLowerCase();
  if (ext === '.js' || ext === '.cjs' || ext === '.mjs') return loadJs(file);
  const body = text.replace(/^\uFEFF/, ''); // editors on Windows may start a file with a BOM
  if (body.trim() === '') return undefined;
  if (ext === '.json') return parseJson(file, body);
  return parseYaml(file, body);
}

/**
 * The settings object of a package.json, or undefined when it is not ours: one without an
 * "smpp" key is never parsed further, and one that is not JSON is taken as ours only when it
 * visibly has an "smpp" key (npm will complain about the rest itself).
 */
function packageSettings(file: string, text: string): unknown {
  let pkg: unknown;
  try {
    pkg = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    if (!/"smpp"\s*:/.test(text)) return undefined;
    throw malformed(file, jsonProblem(text.replace(/^\uFEFF/, '')));
  }
  if (typeof pkg !== 'object' || pkg === null || !Object.hasOwn(pkg, 'smpp')) return undefined;
  return (pkg as Record<string, unknown>).smpp ?? undefined;
}

async function searchFile(dirs: readonly string[]): Promise<{ file: string; data: unknown } | undefined> {
  for (const dir of dirs) {
    for (const name of SEARCH_PLACES) {
      const file = join(dir, name);
      const text = readCandidate(file);
      if (text === undefined) continue;
      // Empty files and package.json files without our key do not stop the search.
      const data = name === 'package.json' ? packageSettings(file, text) : await parseFile(file, text);
      if (data !== undefined) return { file, data };
    }
  }
  return undefined;
}

async function explicitFile(cwd: string, explicit: { path: string; from: string }): Promise<{ file: string; data: unknown }> {
  const file = resolve(cwd, explicit.path);
  const st = await stat(file).catch(() => undefined);
  if (!st) throw new ConfigError(`config file not found: ${file} (from ${explicit.from}); check the path`);
  if (!st.isFile()) throw new ConfigError(`config file ${file} (from ${explicit.from}) is not a file`);
  const text = readCandidate(file) ?? '';
  return { file, data: await parseFile(file, text) };
}

export async function loadConfigFile(opts: FindOptions): Promise<LoadedConfig | undefined> {
  const isGitRoot = (d: string) => statSync(join(d, '.git'), { throwIfNoEntry: false }) !== undefined;
  const found = opts.explicit ? await explicitFile(opts.cwd, opts.explicit) : await searchFile(searchDirs(opts.cwd, opts.home, isGitRoot));
  if (!found) return undefined;
  const warning = await permissionWarning(found.file, found.data);
  return { file: found.file, data: found.data, warnings: warning ? [warning] : [] };
}
