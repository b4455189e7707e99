// Inputs shared by the send-side tests: distinct recipients (each message is told apart by its
// destination) and texts of a known number of parts.

/** n distinct recipients (+4477009NNNNN), starting at number `from`. */
export function recipients(n: number, from = 0): string[] {
  return Array.from({ length: n }, (_, i) => `+4477009${String(from + i).padStart(5, '0')}`);
}

/** destination_addr as it goes on the wire: the + dropped. */
export const dest = (to: string): string => to.replace(/^\+/, '');

/** A text of `parts` GSM parts (153 septets each when split). */
export function longText(parts: number): string {
  return parts === 1 ? 'hello' : 'x'.repeat(153 * (parts - 1) + 10);
}
