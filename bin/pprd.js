#!/usr/bin/env node
// Entry point for `npx pprd`: loads the TypeScript CLI in this process through tsx's loader,
// so there is no build step and signals (SIGTERM, SIGINT) reach the service directly.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
