// Settings that weaken security are said out loud on every run that uses them, wherever they
// were set (a flag today, a forgotten line in ~/.smpprc next year). Pure: returns warning lines.
import { findOption } from './options.js';
import { originLabel, type OriginContext } from './origin.js';
import type { Origin, Settings } from './settings.js';

const INSECURE_RISK =
  "anyone on the path to the SMSC can pose as it and read the password; trust the SMSC's certificate with --ca FILE instead";

export function securityWarnings(
  s: Pick<Settings, 'tls' | 'insecure' | 'ca' | 'dryRun'>,
  origins: Partial<Record<keyof Settings, Origin>>,
  ctx: OriginContext,
): string[] {
  const warnings: string[] = [];
  if (s.tls && s.insecure && !s.dryRun) {
    const from = originLabel(findOption('insecure'), origins.insecure ?? 'default', ctx);
    const ca = s.ca !== undefined ? ' (--ca is not used while they are off)' : '';
    warnings.push(`TLS certificate checks are off (from ${from})${ca}: ${INSECURE_RISK}`);
  }
  return warnings;
}
