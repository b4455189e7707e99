// A refused bind says where the credentials came from: "wrong password" is only useful once you
// know which password was sent (a stale SMPP_PASSWORD in a crontab, a profile's, a flag's).
// Never the password itself.
import type { SendCommand } from './load-settings.js';
import { originLabel } from '../config/origin.js';
import { findOption } from '../config/options.js';

export function credentialOrigins(loaded: Pick<SendCommand, 'settings' | 'origins' | 'configFile' | 'profile'>): string {
  const ctx = { ...(loaded.configFile ? { configFile: loaded.configFile } : {}), ...(loaded.profile ? { profile: loaded.profile } : {}) };
  const from = (key: 'password' | 'systemId') => originLabel(findOption(key), loaded.origins[key] ?? 'default', ctx);
  const password = loaded.settings.password === '' ? 'no password given' : `password from ${from('password')}`;
  return ` (${password}; system id from ${from('systemId')})`;
}
