// SMPP command_status values (SMPP 3.4 §5.1.3; the 0x01xx rows are SMPP 5.0 §4.7.6, which
// SMSCs also return on 3.4 binds). Names are printed, never bare numbers.

export interface StatusInfo {
  code: number;
  name: string;
  description: string;
  /** Back off and retry the same message (SMPP-NOTES); everything else is permanent for it. */
  temporary: boolean;
}

type Row = readonly [code: number, name: string, description: string];

const ROWS = [
  [0x00, 'ESME_ROK', 'no error'],
  [0x01, 'ESME_RINVMSGLEN', 'message length is invalid'],
  [0x02, 'ESME_RINVCMDLEN', 'command length is invalid'],
  [0x03, 'ESME_RINVCMDID', 'invalid command id'],
  [0x04, 'ESME_RINVBNDSTS', 'incorrect bind status for the command'],
  [0x05, 'ESME_RALYBND', 'already bound'],
  [0x06, 'ESME_RINVPRTFLG', 'invalid priority flag'],
  [0x07, 'ESME_RINVREGDLVFLG', 'invalid registered delivery flag'],
  [0x08, 'ESME_RSYSERR', 'system error'],
  [0x0a, 'ESME_RINVSRCADR', 'invalid source address'],
  [0x0b, 'ESME_RINVDSTADR', 'invalid destination address'],
  [0x0c, 'ESME_RINVMSGID', 'message id is invalid'],
  [0x0d, 'ESME_RBINDFAIL', 'bind failed'],
  [0x0e, 'ESME_RINVPASWD', 'invalid password'],
  [0x0f, 'ESME_RINVSYSID', 'invalid system id'],
  [0x11, 'ESME_RCANCELFAIL', 'cancel_sm failed'],
  [0x13, 'ESME_RREPLACEFAIL', 'replace_sm failed'],
  [0x14, 'ESME_RMSGQFUL', 'message queue full'],
  [0x15, 'ESME_RINVSERTYP', 'invalid service type'],
  [0x33, 'ESME_RINVNUMDESTS', 'invalid number of destinations'],
  [0x34, 'ESME_RINVDLNAME', 'invalid distribution list name'],
  [0x40, 'ESME_RINVDESTFLAG', 'invalid destination flag'],
  [0x42, 'ESME_RINVSUBREP', "invalid 'submit with replace' request"],
  [0x43, 'ESME_RINVESMCLASS', 'invalid esm_class field data'],
  [0x44, 'ESME_RCNTSUBDL', 'cannot submit to distribution list'],
  [0x45, 'ESME_RSUBMITFAIL', 'submit_sm or submit_multi failed'],
  [0x48, 'ESME_RINVSRCTON', 'invalid source address TON'],
  [0x49, 'ESME_RINVSRCNPI', 'invalid source address NPI'],
  [0x50, 'ESME_RINVDSTTON', 'invalid destination address TON'],
  [0x51, 'ESME_RINVDSTNPI', 'invalid destination address NPI'],
  [0x53, 'ESME_RINVSYSTYP', 'invalid system_type field'],
  [0x54, 'ESME_RINVREPFLAG', 'invalid replace_if_present flag'],
  [0x55, 'ESME_RINVNUMMSGS', 'invalid number of messages'],
  [0x58, 'ESME_RTHROTTLED', 'throttling error: message rate limit exceeded'],
  [0x61, 'ESME_RINVSCHED', 'invalid scheduled delivery time'],
  [0x62, 'ESME_RINVEXPIRY', 'invalid validity period (expiry time)'],
  [0x63, 'ESME_RINVDFTMSGID', 'predefined message invalid or not found'],
  [0x64, 'ESME_RX_T_APPN', 'receiver temporary application error'],
  [0x65, 'ESME_RX_P_APPN', 'receiver permanent application error'],
  [0x66, 'ESME_RX_R_APPN', 'receiver reject message error'],
  [0x67, 'ESME_RQUERYFAIL', 'query_sm failed'],
  [0xc0, 'ESME_RINVOPTPARSTREAM', 'error in the optional part of the PDU body'],
  [0xc1, 'ESME_ROPTPARNOTALLWD', 'optional parameter not allowed'],
  [0xc2, 'ESME_RINVPARLEN', 'invalid parameter length'],
  [0xc3, 'ESME_RMISSINGOPTPARAM', 'expected optional parameter missing'],
  [0xc4, 'ESME_RINVOPTPARAMVAL', 'invalid optional parameter value'],
  [0xfe, 'ESME_RDELIVERYFAILURE', 'delivery failure'],
  [0xff, 'ESME_RUNKNOWNERR', 'unknown error'],
  [0x100, 'ESME_RSERTYPUNAUTH', 'not authorised to use the service type'],
  [0x101, 'ESME_RPROHIBITED', 'prohibited from using the operation'],
  [0x102, 'ESME_RSERTYPUNAVAIL', 'service type unavailable'],
  [0x103, 'ESME_RSERTYPDENIED', 'service type denied'],
  [0x104, 'ESME_RINVDCS', 'invalid data coding scheme'],
  [0x105, 'ESME_RINVSRCADDRSUBUNIT', 'invalid source address subunit'],
  [0x106, 'ESME_RINVDSTADDRSUBUNIT', 'invalid destination address subunit'],
] as const satisfies readonly Row[];

export type StatusName = (typeof ROWS)[number][1];

/** Codes by name, for code that answers with a status (the simulator): STATUS_CODE.ESME_RTHROTTLED. */
export const STATUS_CODE: Readonly<Record<StatusName, number>> = Object.fromEntries(ROWS.map(([code, name]) => [name, code])) as Record<StatusName, number>;

/** Temporary statuses: back off and retry the same message. */
/** "Try again later": answered to a delivery we cannot take now, so the SMSC keeps it. */
export const ESME_RX_T_APPN = 0x64;

export const TEMPORARY_STATUSES: ReadonlySet<number> = new Set([0x58, 0x14, 0x08, 0x64]);

export const STATUSES: ReadonlyMap<number, StatusInfo> = new Map(
  ROWS.map(([code, name, description]) => [code, { code, name, description, temporary: TEMPORARY_STATUSES.has(code) }]),
);

/** SMSC vendors may define 0x400-0x4FF (SMPP 3.4 §5.1.3 "reserved for SMSC vendor specific errors"). */
const VENDOR = { from: 0x400, to: 0x4ff };

export function statusInfo(code: number): StatusInfo {
  const known = STATUSES.get(code);
  if (known) return known;
  const vendor = code >= VENDOR.from && code <= VENDOR.to;
  return {
    code,
    name: `0x${(code >>> 0).toString(16).toUpperCase().padStart(8, '0')}`,
    description: vendor ? 'SMSC vendor-specific error' : 'unknown status (vendor-specific)',
    temporary: false,
  };
}

/** `0x0E`, `0x58`, `0x0104`: upper-case hex in whole octets. */
export function hexStatus(code: number): string {
  const hex = (code >>> 0).toString(16).toUpperCase();
  return `0x${hex.padStart(hex.length + (hex.length % 2), '0')}`;
}

/** `ESME_RINVPASWD (0x0E): invalid password`; an unknown code: `0x00000409: SMSC vendor-specific error`. */
export function formatStatus(code: number): string {
  const info = statusInfo(code);
  if (!STATUSES.has(code)) return `${info.name}: ${info.description}`;
  return `${info.name} (${hexStatus(code)}): ${info.description}`;
}

/** What to try when the SMSC answers with these statuses (bind failures, addresses, limits). */
export const STATUS_HINTS: ReadonlyMap<number, string> = new Map([
  [0x01, 'the SMSC refused the length: try --split sar or --split payload, or a shorter text'],
  [0x04, 'the command is not allowed in this bind mode: check --bind (transceiver or transmitter)'],
  [0x05, 'the account is already bound: another client may be using it, or the SMSC allows fewer binds (lower --binds)'],
  [0x08, 'the SMSC had an internal error: retry later'],
  [0x0a, 'check --from; alphanumeric senders need --from-ton 5 --from-npi 0, numbers +<country><number>'],
  [0x0b, 'check --to: use the international form +447700900123, or set --to-ton/--to-npi as your provider asks'],
  [0x0d, 'check --system-id, --password, --system-type and --bind, and that the SMSC allows your IP address'],
  [0x0e, 'check --password / SMPP_PASSWORD'],
  [0x0f, 'check --system-id / SMPP_SYSTEM_ID'],
  [0x14, 'the SMSC queue is full: retry later or lower --tps'],
  [0x15, 'check --service-type (often empty)'],
  [0x43, 'the SMSC refused the esm_class: try --split sar or --split payload instead of a UDH'],
  [0x48, 'check --from-ton (alphanumeric sender: 5, international: 1, short code: 3)'],
  [0x49, 'check --from-npi (usually 1 for numbers, 0 for alphanumeric senders)'],
  [0x50, 'check --to-ton (1 for +international numbers)'],
  [0x51, 'check --to-npi (1, E.164)'],
  [0x53, 'check --system-type (often empty)'],
  [0x58, 'sending too fast for the account: lower --tps or --window'],
  [0x61, 'check --schedule (a future time: 10m, 2h, an ISO date)'],
  [0x62, 'check --validity (a duration such as 1h or 2d, within the SMSC maximum)'],
  [0x104, 'the SMSC refused the data coding: try another --coding or --smsc-alphabet'],
  [0xc1, 'the SMSC refused an optional parameter: check --tlv, or use --split udh8 instead of sar/payload'],
  [0xc4, 'the SMSC refused an optional parameter value: check --tlv'],
]);

export function statusHint(code: number): string | undefined {
  return STATUS_HINTS.get(code);
}
