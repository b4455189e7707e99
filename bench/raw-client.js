// Baseline for the throughput benchmark: what a small, competent script on plain node-smpp
// does. One transceiver bind, submit_sm with the same fields smpp-send puts on the wire, a
// window of N unanswered submits, deliver_sm answered and counted, unbind. No CSV, no
// planning, no tracking beyond counting, TCP_NODELAY on: the ceiling smpp-send is measured
// against.
//
//   node bench/raw-client.js --port P [--count 100000] [--window 100] [--receipts 1|0]
//
// Prints one JSON line: { submitted, receipts, ms } (ms from bound to the last answer/receipt).
import smpp from 'smpp';
import { argValue, destination, textOf } from './lib/workload.js';

const port = Number(argValue('--port'));
const count = Number(argValue('--count', '100000'));
const window = Number(argValue('--window', '100'));
const receipts = argValue('--receipts', '1') === '1';

const session = smpp.connect({ url: `smpp://127.0.0.1:${port}` });
// As smpp-send does: without it Nagle holds back the small deliver_sm_resp writes and this
// baseline runs 1.5-2x slower with receipts, which would flatter the ratio.
session.socket.setNoDelay(true);
session.on('error', (err) => {
  console.error(`raw-client: ${err.message}`);
  process.exitCode = 1;
  session.destroy();
});

let sent = 0;
let answered = 0;
let received = 0;
let inFlight = 0;
let started = 0;
let finished = false;

session.on('deliver_sm', (pdu) => {
  session.send(pdu.response());
  if ((pdu.esm_class & 0x3c) === 0x04) {
    received++;
    maybeDone();
  }
});
session.on('enquire_link', (pdu) => session.send(pdu.response()));

session.bind_transceiver(
  { system_id: 'smpp-sim', password: 'sim-secret', interface_version: 0x34 },
  (pdu) => {
    if (pdu.command_status !== 0) {
      console.error(`raw-client: bind refused (0x${pdu.command_status.toString(16)})`);
      process.exitCode = 1;
      session.destroy();
      return;
    }
    started = performance.now();
    pump();
  },
);

function pump() {
  while (inFlight < window && sent < count) {
    const i = sent++;
    inFlight++;
    session.submit_sm(
      {
        service_type: '', source_addr_ton: 0, source_addr_npi: 0, source_addr: '',
        dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: destination(i).slice(1),
        esm_class: 0, protocol_id: 0, priority_flag: 0, schedule_delivery_time: '', validity_period: '',
        registered_delivery: receipts ? 1 : 0, replace_if_present_flag: 0, data_coding: 0, sm_default_msg_id: 0,
        short_message: Buffer.from(textOf(i), 'latin1'),
      },
      (resp) => {
        inFlight--;
        answered++;
        if (resp.command_status !== 0) {
          console.error(`raw-client: submit refused (0x${resp.command_status.toString(16)})`);
          process.exitCode = 1;
        }
        pump();
        maybeDone();
      },
    );
  }
}

function maybeDone() {
  if (finished || answered < count || (receipts && received < count)) return;
  finished = true;
  const ms = performance.now() - started;
  session.unbind({}, () => {
    session.close();
    process.stdout.write(JSON.stringify({ submitted: answered, receipts: received, ms: Math.round(ms) }) + '\n');
  });
}
