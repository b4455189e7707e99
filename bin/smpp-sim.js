#!/usr/bin/env node
// The simulated SMSC; see src/sim/cli.ts (compiled to dist/ by `npm run build`). CommonJS like
// everything in bin/ (bin/package.json); the simulator itself is an ES module.
'use strict';
import('../dist/sim/cli.js').then(({ main }) => main(process.argv.slice(2)));
