// Baseline for the latency benchmark: the minimal script a user writes from node-smpp's README,
// as CommonJS (require('smpp')), which is what that README shows and what loads fastest.
// Connect, bind as a transceiver, submit one message, unbind, exit.
//
//   node bench/raw-single.cjs --port P
'use strict';
const smpp = require('smpp');

const i = process.argv.indexOf('--port');
const port = process.argv[i + 1];
const session = smpp.connect({ url: `smpp://127.0.0.1:${port}` });
session.on('error', (err) => {
  console.error(`raw-single: ${err.message}`);
  process.exitCode = 1;
});
session.bind_transceiver({ system_id: 'smpp-sim', password: 'sim-secret', interface_version: 0x34 }, (bound) => {
  if (bound.command_status !== 0) {
    process.exitCode = 1;
    return session.close();
  }
  session.submit_sm(
    // The same bytes smpp-send puts on the wire for bench/lib/workload.js's message 0.
    { dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '447700000000', data_coding: 0, short_message: Buffer.from('Hello N0, your code is 1234', 'latin1') },
    (resp) => {
      if (resp.command_status !== 0) process.exitCode = 1;
      else console.log(resp.message_id);
      session.unbind({}, () => session.close());
    },
  );
});
