#!/usr/bin/env node
// The built CLI; `npm ci` builds it (prepare script). In development use `npm run dev` or `npx tsx src/main.ts`.
// `lachan filter [options]` (the DNS server alone) takes a lean entry: it keeps only what it loads,
// and the filter has a memory budget. Everything else, including `lachan filter --help`, goes through main.
const [command, next] = process.argv.slice(2);
const leanFilter = command === 'filter' && (next === undefined || (next.startsWith('-') && next !== '--help' && next !== '-h'));
await import(leanFilter ? '../dist/filter/entry.js' : '../dist/main.js');
