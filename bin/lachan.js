#!/usr/bin/env node
// The built CLI; `npm ci` builds it (prepare script). In development use `npm run dev` or `npx tsx src/main.ts`.
import '../dist/main.js';
