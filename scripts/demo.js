#!/usr/bin/env node
// npm run demo: a real send through the built-in SMSC simulator over TCP on 127.0.0.1.
// Starts the simulator, runs bin/smpp-send against it (a short alert, then a long Unicode
// message), prints what the simulator received, and stops it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { startSim } from '../dist/sim/index.js';

const bin = fileURLToPath(new URL('../bin/smpp-send.js', import.meta.url));
const sim = await startSim({ receiptDelayMs: 300 });
console.log(`simulator listening on ${sim.url} (system_id ${sim.systemId})\n`);

const env = { ...process.env, SMPP_PASSWORD: sim.password };
const common = ['--host', sim.host, '--port', String(sim.port), '--system-id', sim.systemId, '--wait', '10s'];
const runs = [
  ['--to', '+447700900123', '--from', 'Alerts', '--text', 'Disk 91% full on db-3 [€5 of storage left]'],
  ['--to', '+447700900123,+447700900124', '--text', `Здравствуйте! Это длинное сообщение 😀 ${'— продолжение '.repeat(6)}`],
];
let status = 0;
for (const args of runs) {
  console.log(`$ smpp-send ${args.map((a) => (/[\s"'$]/.test(a) ? JSON.stringify(a) : a)).join(' ')} --wait 10s`);
  // Asynchronous: the simulator runs in this process and must keep answering.
  const child = spawn(process.execPath, [bin, ...common, ...args], { env, stdio: 'inherit' });
  const [code] = await once(child, 'exit');
  console.log(`exit code ${code}\n`);
  status ||= code ?? 1;
}
console.log('The simulator received and reassembled:');
for (const m of sim.messages) console.log(`  to ${m.to} (TON ${m.destTon}), data_coding ${m.dataCoding}, ${m.parts} part(s): ${m.text}`);
await sim.close();
process.exit(status);
