// `smpp-send report FILE`: what a journal says happened, pretty or --json.
import { formatJournalSummary, summarizeJournal } from '../send/report.js';
import type { Io } from './io.js';
import { colorLevel } from './reporters/index.js';

export interface ReportRequest {
  file: string;
  json: boolean;
  color: boolean | 'auto';
}

export async function reportCommand(req: ReportRequest, io: Io): Promise<number> {
  const summary = await summarizeJournal(req.file);
  if (req.json) io.stdout.write(`${JSON.stringify({ type: 'report', ...summary })}\n`);
  else {
    const color = colorLevel(req, io.stdout.isTTY) > 0;
    io.stdout.write(`${formatJournalSummary(summary, { color })}\n`);
  }
  return summary.exitCode;
}
