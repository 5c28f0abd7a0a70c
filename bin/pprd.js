#!/usr/bin/env node
// Entry point for `npx pprd`, `npm start` and the Docker image: runs the compiled CLI (dist/, built by
// `npm run build`, which `npm ci` runs through the `prepare` script) in this process, with no TypeScript
// loader, so start-up is node's own and signals (SIGTERM, SIGINT) reach the service directly.
const main = new URL('../dist/cli/main.js', import.meta.url);
try {
  await import(main.href);
} catch (err) {
  // Only the entry itself missing is a missing build; an error inside the CLI propagates unchanged.
  if (err?.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes(main.pathname)) {
    process.stderr.write(`pprd: ${main.pathname} is missing — the compiled CLI has not been built. Fix: run \`npm run build\` (npm ci runs it).\n`);
    process.exit(1);
  }
  throw err;
}
