// Colour for the human-readable reporters, as a small interface: a chalk instance is one, and so
// is PLAIN, so chalk loads only when there is colour to paint (reporters/index.ts).

/** The few chalk styles we use; a chalk instance is one, and so is PLAIN. */
export interface Paint {
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const same = (text: string) => text;
export const PLAIN: Paint = { green: same, red: same, yellow: same, dim: same, bold: same };
