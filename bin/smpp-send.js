#!/usr/bin/env node
// Loads the built CLI (npm run build): dist/cli/ bundled into a few files by scripts/bundle.js.
// Kept tiny: startup time matters for cron alerts.
import { runCli } from '../dist/bundle/main.js';

runCli();
