#!/usr/bin/env node
// The built CLI; `npm ci` builds it (prepare script). In development use `npm run dev` or `npx tsx src/main.ts`.
// `lachan filter [options]` (the DNS server alone) and `lachan filter compile …` (the list compiler it
// runs as a child) take a lean entry: it keeps only what it loads, and the filter has a memory budget.
// Everything else, including `lachan filter --help`, goes through main.
const [command, next, ...rest] = process.argv.slice(2);
const help = (a) => a === '--help' || a === '-h';
const leanFilter =
  command === 'filter' &&
  (next === undefined || (next.startsWith('-') && !help(next)) || (next === 'compile' && rest.length > 0 && !rest.some(help)));
await import(leanFilter ? '../dist/filter/entry.js' : '../dist/main.js');
