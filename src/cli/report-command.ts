// `smpp-send report FILE`: what a journal says happened, pretty or --json.
import { summarizeJournal } from '../journal/report.js';
import type { Io } from './io.js';
import { colorLevel } from './reporters/index.js';
import { formatJournalSummary } from './reporters/journal-report.js';

export interface ReportRequest {
  file: string;
  json: boolean;
  failed?: string;
  color: boolean | 'auto';
}

export async function reportCommand(req: ReportRequest, io: Io): Promise<number> {
  const { retry, ...summary } = await summarizeJournal(req.file, { retry: req.failed !== undefined });
  let failedFile: { path: string; rows: number } | undefined;
  if (req.failed !== undefined && retry) {
    const { writeRetryFile } = await import('../journal/retry-file.js');
    writeRetryFile(req.failed, req.file, retry);
    failedFile = { path: req.failed, rows: retry.length };
    io.stderr.write(`wrote ${retry.length} message${retry.length === 1 ? '' : 's'} to retry to ${req.failed}\n`);
  }
  if (req.json) io.stdout.write(`${JSON.stringify({ type: 'report', ...summary, ...(failedFile ? { failedFile } : {}) })}\n`);
  else {
    const color = colorLevel(req, io.stdout.isTTY) > 0;
    io.stdout.write(`${formatJournalSummary(summary, { color })}\n`);
  }
  return summary.exitCode;
}
