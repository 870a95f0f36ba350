#!/usr/bin/env node
// Runs under the project's Node 24 (node_modules/.bin/node comes first on PATH
// inside npm scripts and npx), which loads TypeScript directly.
import "../src/cli/main.ts";
