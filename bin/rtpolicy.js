#!/usr/bin/env node
import { main } from '../lib/cli/main.js';

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(`rtpolicy: internal error: ${err?.stack ?? err}`);
    process.exitCode = 2;
  },
);
