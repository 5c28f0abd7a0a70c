import { join } from 'node:path';
import { formatImport, importDocumentFile } from '../../src/cli/commands/catalog.ts';
import type { Log } from '../../src/service/index.ts';
import type { ServiceOptions } from '../../src/service/serve.ts';

/** One log call kept by {@link memoryLog}. */
export interface LogLine {
  level: 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg?: string;
}

/** A log that keeps each call in memory, to check what the service said (and that it said no secrets). */
export function memoryLog(): { log: Log; lines: LogLine[]; events: () => unknown[] } {
  const lines: LogLine[] = [];
  const log: Log = {
    info: (obj, msg) => lines.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => lines.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => lines.push({ level: 'error', obj, msg }),
  };
  return { log, lines, events: () => lines.map((l) => l.obj.event) };
}

/**
 * Options of the real service (`startService`) in the folder `dir`: database `dir/pprd.sqlite`, config
 * `dir/config` (copy one there first), outbox `dir/outbox`, port 0 on loopback, and the real import of
 * the seed document, config edits read 10 ms after the folder changes (the tests write a file in one
 * synchronous call: nothing to wait 300 ms for). `over` replaces any of them; `over.env` is added to the
 * outbox variable.
 */
export function serviceOptionsIn(dir: string, log: Log, over: Partial<ServiceOptions> = {}): ServiceOptions {
  const dbPath = join(dir, 'pprd.sqlite');
  const configDir = join(dir, 'config');
  return {
    dbPath,
    configDir,
    log,
    port: 0,
    host: '127.0.0.1',
    reloadDebounceMs: 10,
    importDocument: (configFiles) => {
      const o = importDocumentFile({ dbPath, configDir, configFiles });
      return { changed: o.result.changed, summary: formatImport(o) };
    },
    ...over,
    env: { PPRD_OUTBOX: join(dir, 'outbox'), ...over.env },
  };
}
