import { describe, expect, it } from 'vitest';
import { formatStatus, hexStatus, statusHint, statusInfo, STATUSES } from '../../src/sms/status.js';

describe('statusInfo / formatStatus', () => {
  it.each([
    [0x00, 'ESME_ROK (0x00): no error', false],
    [0x01, 'ESME_RINVMSGLEN (0x01): message length is invalid', false],
    [0x05, 'ESME_RALYBND (0x05): already bound', false],
    [0x08, 'ESME_RSYSERR (0x08): system error', true],
    [0x0a, 'ESME_RINVSRCADR (0x0A): invalid source address', false],
    [0x0b, 'ESME_RINVDSTADR (0x0B): invalid destination address', false],
    [0x0d, 'ESME_RBINDFAIL (0x0D): bind failed', false],
    [0x0e, 'ESME_RINVPASWD (0x0E): invalid password', false],
    [0x0f, 'ESME_RINVSYSID (0x0F): invalid system id', false],
    [0x14, 'ESME_RMSGQFUL (0x14): message queue full', true],
    [0x45, 'ESME_RSUBMITFAIL (0x45): submit_sm or submit_multi failed', false],
    [0x48, 'ESME_RINVSRCTON (0x48): invalid source address TON', false],
    [0x51, 'ESME_RINVDSTNPI (0x51): invalid destination address NPI', false],
    [0x58, 'ESME_RTHROTTLED (0x58): throttling error: message rate limit exceeded', true],
    [0x61, 'ESME_RINVSCHED (0x61): invalid scheduled delivery time', false],
    [0x62, 'ESME_RINVEXPIRY (0x62): invalid validity period (expiry time)', false],
    [0x64, 'ESME_RX_T_APPN (0x64): receiver temporary application error', true],
    [0x65, 'ESME_RX_P_APPN (0x65): receiver permanent application error', false],
    [0xc4, 'ESME_RINVOPTPARAMVAL (0xC4): invalid optional parameter value', false],
    [0xff, 'ESME_RUNKNOWNERR (0xFF): unknown error', false],
    [0x104, 'ESME_RINVDCS (0x0104): invalid data coding scheme', false],
    [0x09, '0x00000009: unknown status (vendor-specific)', false],
    [0x409, '0x00000409: SMSC vendor-specific error', false],
    [0xdeadbeef, '0xDEADBEEF: unknown status (vendor-specific)', false],
  ])('0x%s -> %s', (code, text, temporary) => {
    expect(formatStatus(code)).toBe(text);
    expect(statusInfo(code).temporary).toBe(temporary);
    expect(statusInfo(code).code).toBe(code);
  });

  it('exactly four statuses are temporary', () => {
    expect([...STATUSES.values()].filter((s) => s.temporary).map((s) => s.name).sort()).toEqual([
      'ESME_RMSGQFUL', 'ESME_RSYSERR', 'ESME_RTHROTTLED', 'ESME_RX_T_APPN',
    ]);
  });

  it('names are unique and all ESME_R*', () => {
    const names = [...STATUSES.values()].map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^ESME_R[A-Z_]+$/);
  });

  it.each([[0x0e, '0x0E'], [0x58, '0x58'], [0x104, '0x0104'], [0x1, '0x01']])('hexStatus(%i) = %s', (code, hex) => {
    expect(hexStatus(code)).toBe(hex);
  });
});

describe('statusHint', () => {
  it.each([
    [0x0e, /--password \/ SMPP_PASSWORD/],
    [0x0f, /--system-id/],
    [0x0d, /--system-id, --password/],
    [0x0a, /--from/],
    [0x0b, /--to/],
    [0x58, /--tps/],
    [0x01, /--split/],
  ])('0x%s -> %s', (code, hint) => {
    expect(statusHint(code)).toMatch(hint);
  });
  it('has no hint for success or unknown codes', () => {
    expect(statusHint(0)).toBeUndefined();
    expect(statusHint(0x409)).toBeUndefined();
  });
});
