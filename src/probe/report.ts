// What `smpp-send probe` found, and how it reads: lines for a person, one object for --json.
// Pure: the command prints what these return.
import type { IdFinding, ReceiptFinding } from './receipt-finding.js';
import type { IdForm } from '../sms/id-form.js';

export interface ProbeReport {
  host: string;
  port: number;
  tls: boolean;
  dns?: { addresses: string[]; ms: number; literal: boolean };
  connectMs?: number; // TCP connect, and the TLS handshake with --tls
  tlsInfo?: { protocol: string; cipher: string; subject: string; issuer: string; expires?: string; daysLeft?: number; verified: boolean };
  bind?: { ms: number; systemId: string; interfaceVersion: string | null };
  enquireLinkMs?: number[];
  message?: { to: string; messageId: string; idForm: IdForm; submitMs: number; parts: number };
  receipt?: ReceiptFinding;
  error?: { message: string; exitCode: number };
}

const RELATION_WORDS: Record<IdFinding['relation'], string> = {
  same: 'the same as the submit id',
  case: 'the submit id in other letter case',
  'zero-padded': 'the submit id with different zero padding',
  'hex-to-decimal': 'the submit id (hex) written in decimal',
  'decimal-to-hex': 'the submit id (decimal) written in hex',
  unrelated: 'unrelated to the submit id',
};

function idLine(label: string, f: IdFinding): string {
  const pad = f.paddingDiffers && f.relation !== 'zero-padded' ? ', zero-padded differently' : '';
  return `${label}${f.id} (${f.form}): ${RELATION_WORDS[f.relation]}${pad}`;
}

export function probeLines(r: ProbeReport): string[] {
  const lines: string[] = [];
  if (r.dns) lines.push(`dns       ${r.host}${r.dns.literal ? ' (an IP address, no lookup)' : ` -> ${r.dns.addresses.join(', ')} in ${r.dns.ms} ms`}`);
  if (r.connectMs !== undefined) lines.push(`connect   ${r.host}:${r.port} ${r.tls ? 'TCP + TLS' : 'TCP'} in ${r.connectMs} ms`);
  if (r.tlsInfo) {
    const t = r.tlsInfo;
    lines.push(`tls       ${t.protocol}, ${t.cipher}; certificate CN=${t.subject || '(none)'} issued by CN=${t.issuer || '(none)'}`);
    const expiry = t.expires ? `expires ${t.expires.slice(0, 10)} (${t.daysLeft} days)` : 'no expiry date';
    lines.push(`          ${expiry}; ${t.verified ? 'verified' : 'NOT verified (--insecure)'}`);
  }
  if (r.bind) {
    lines.push(`bind      in ${r.bind.ms} ms; SMSC system_id "${r.bind.systemId}", interface version ${r.bind.interfaceVersion ?? 'not stated (no sc_interface_version)'}`);
  }
  if (r.enquireLinkMs?.length) lines.push(`enquire   round trips ${r.enquireLinkMs.map((m) => `${m} ms`).join(', ')}`);
  if (r.message) {
    const m = r.message;
    lines.push(`submit    to ${m.to}: message_id ${m.messageId} (${m.idForm}) in ${m.submitMs} ms`);
  }
  if (r.receipt) lines.push(...receiptLines(r.receipt));
  return lines;
}

function receiptLines(f: ReceiptFinding): string[] {
  const carrier = { tlv: 'as TLVs only (no text)', text: 'as text only (no TLVs)', both: 'as TLVs and text', neither: 'with neither TLVs nor a receipt text' }[f.carrier];
  const lines = [`receipt   ${f.state} after ${f.afterMs} ms, ${carrier}`];
  if (f.tlvId) lines.push(idLine('          receipted_message_id TLV ', f.tlvId));
  if (f.textId) lines.push(idLine('          text id: ', f.textId));
  if (f.textVariant) lines.push(`          text variant: ${f.textVariant.name}`);
  if (f.text !== undefined) lines.push(`          text: ${JSON.stringify(f.text)}`);
  const on = f.matchedOn.source === 'tlv' ? 'the receipted_message_id TLV' : 'the text id:';
  lines.push(f.matches ? `match     smpp-send matches receipts on ${on}: it matches (${f.matchedOn.relation})` : `match     smpp-send matches receipts on ${on}: it does NOT match`);
  return lines;
}

/** The --json object: the report as is, with a type and a time. */
export function probeJson(r: ProbeReport, t: Date): Record<string, unknown> {
  const { error, ...found } = r;
  return { type: 'probe', ...found, error: error ?? null, exitCode: error?.exitCode ?? 0, t: t.toISOString() };
}
