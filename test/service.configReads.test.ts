import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CliError } from '../src/cli/errors.ts';
import { createManualClock } from '../src/service/index.ts';
import { type RunningService, startService } from '../src/service/serve.ts';
import { configFrom2017 } from './helpers/configFrom2017.ts';
import { memoryLog, serviceOptionsIn } from './helpers/serviceWorld.ts';
import { tempDir } from './helpers/tempDb.ts';

/** Every `readFileSync` of the process, by path (the config loader and the import read through it). */
const reads = vi.hoisted(() => [] as string[]);
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((path: Parameters<typeof fs.readFileSync>[0], ...rest: unknown[]) => {
    reads.push(String(path));
    return (fs.readFileSync as (...a: unknown[]) => unknown)(path, ...rest);
  }) as typeof fs.readFileSync;
  return { ...fs, readFileSync, default: { ...fs, readFileSync } };
});

/** How many times each file of `configDir` was read since `from`. */
function configReads(configDir: string, from: number): Record<string, number> {
  const n: Record<string, number> = {};
  for (const p of reads.slice(from)) if (dirname(p) === configDir) n[basename(p)] = (n[basename(p)] ?? 0) + 1;
  return n;
}

// Issue 11 (service RSS): the start parsed config/ three times (a check before anything is written,
// the import's check against the document, the check against the stored catalog), each parse megabytes
// of YAML nodes that grew the young generation for good. Now one reading, validated three times.
describe('the service start reads config/ once', () => {
  let tmp: ReturnType<typeof tempDir>;
  let configDir: string;
  let service: RunningService | null = null;
  beforeEach(() => {
    tmp = tempDir('pprd-config-reads-');
    configDir = join(tmp.dir, 'config');
    cpSync(configFrom2017(), configDir, { recursive: true });
  });
  afterEach(async () => {
    await service?.stop();
    service = null;
    tmp.cleanup();
  });

  it('reads pprd.yaml, agencies.yaml and contacts.yaml once each: first start (import) and restart', async () => {
    const clock = createManualClock(Date.parse('2020-06-23T09:00:00+08:00'));
    let from = reads.length;
    service = await startService(serviceOptionsIn(tmp.dir, memoryLog().log, { clock }));
    expect(service.summary[1]).toBe('catalog: 34 tasks, 67 agencies (4 groups), 5 targets');
    expect(configReads(configDir, from)).toEqual({ 'agencies.yaml': 1, 'contacts.yaml': 1, 'pprd.yaml': 1 });
    await service.stop();
    // A restart on the stored catalog (the document unchanged): the same single reading.
    from = reads.length;
    service = await startService(serviceOptionsIn(tmp.dir, memoryLog().log, { clock }));
    expect(configReads(configDir, from)).toEqual({ 'agencies.yaml': 1, 'contacts.yaml': 1, 'pprd.yaml': 1 });
  });

  it('still refuses a config invalid against the catalog, naming the line, from that one reading', async () => {
    const file = join(configDir, 'pprd.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('{leadsOf: [G4]}', '{leadsOf: [G99]}'));
    const from = reads.length;
    const err = await startService(serviceOptionsIn(tmp.dir, memoryLog().log)).catch((e: Error) => e);
    expect((err as CliError).code).toBe('CONFIG_INVALID_FOR_DOCUMENT');
    expect((err as Error).message).toBe(
      `seeds/yuefu-2017-8-pprd-implementation-opinions.txt: not imported, the configuration would be invalid with this document: ${file}:45:26 cycles[1].agencies.leadsOf[0]: unknown task id "G99" — fix: use a task id of 粤府〔2017〕8号: 1, 2, 3, …, G2, G3, G4`,
    );
    expect(configReads(configDir, from)).toEqual({ 'agencies.yaml': 1, 'contacts.yaml': 1, 'pprd.yaml': 1 });
  });
});
