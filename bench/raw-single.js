// Baseline for the latency benchmark: the smallest useful node-smpp script. Connect, bind as a
// transceiver, submit one message, unbind, exit (the event loop drains once the socket closes).
//
//   node bench/raw-single.js --port P
import smpp from 'smpp';
import { argValue, destination, textOf } from './lib/workload.js';

const session = smpp.connect({ url: `smpp://127.0.0.1:${argValue('--port')}` });
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
    {
      dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: destination(0).slice(1),
      data_coding: 0, short_message: Buffer.from(textOf(0), 'latin1'),
    },
    (resp) => {
      if (resp.command_status !== 0) process.exitCode = 1;
      else console.log(resp.message_id);
      session.unbind({}, () => session.close());
    },
  );
});
