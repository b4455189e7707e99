#!/usr/bin/env node
// Loads the compiled CLI (npm run build). Kept tiny: startup time matters for cron alerts.
import { runCli } from '../dist/cli/main.js';

runCli();
