// The outside world as main() sees it, passed in so tests can run the CLI in-process.
export interface Io {
  argv: string[]; // user arguments, without node and the script
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdin: NodeJS.ReadableStream;
  stdinIsTTY: boolean;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  /** A run that reads many messages is starting: trade CPU for a smaller heap (cli/heap.ts). The real process only. */
  keepHeapSmall?: () => Promise<void>;
}
