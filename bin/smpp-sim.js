#!/usr/bin/env node
// The simulated SMSC; see src/sim/cli.ts (compiled to dist/ by `npm run build`).
import { main } from '../dist/sim/cli.js';

await main(process.argv.slice(2));
