import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { isReservedDomain } from '../src/config/configWarnings.ts';
import { createManualClock } from '../src/service/index.ts';
import { type RunningService, startService } from '../src/service/serve.ts';
import { runCli } from './helpers/runCli.ts';
import { memoryLog, serviceOptionsIn } from './helpers/serviceWorld.ts';
import { tempDir } from './helpers/tempDb.ts';

// A new user's trial: the shipped contacts are all placeholders under pprd.example.org, and neither
// `pprd config check` nor the service's start said so. Reserved names: RFC 2606, RFC 6761.
const WARNING = (file: string) =>
  `warning: ${file}:18:12 coordinators[0].email: 59 contacts have addresses in a reserved example domain (RFC 2606 / RFC 6761), which reach nobody: coordinators coordinator1@pprd.example.org (18:12), coordinators coordinator2@pprd.example.org (20:12), 省发展改革委 sfgw@pprd.example.org (25:14) and 56 more — fix: replace them with real addresses in ${file}`;

describe('contact addresses in reserved example domains', () => {
  const t = tempDir('pprd-placeholders-');
  const env = { PPRD_DB: join(t.dir, 'pprd.sqlite'), PPRD_NOW: '2026-12-01T09:00:00+08:00', TZ: 'UTC' };
  let service: RunningService | null = null;
  afterEach(async () => {
    await service?.stop();
    service = null;
  });

  test('the reserved names and their subdomains, and no others', () => {
    const reserved = [
      'a@example.com',
      'a@EXAMPLE.NET',
      'a@pprd.example.org',
      'a@x.example',
      'a@host.test',
      'a@nowhere.invalid',
      'a@localhost',
      'a@my.localhost',
    ];
    const real = ['a@gd.gov.cn', 'a@example.com.cn', 'a@notexample.org', 'a@test.gd.gov.cn', 'no-at-sign'];
    expect(reserved.filter(isReservedDomain)).toEqual(reserved);
    expect(real.filter(isReservedDomain)).toEqual([]);
  });

  test('pprd config check on the shipped config: one warning, with the count, the first three and line:column; --json carries it; real addresses: none', async () => {
    const r = await runCli(['config', 'check'], { ...env, PPRD_CONFIG: 'config' });
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      'config/pprd.yaml, config/agencies.yaml, config/contacts.yaml: OK — 2 cycles (no schedule set: progress-report), 79 agencies in the directory, 59 contacts, not checked against a catalog (run `pprd import` for that)\n',
    );
    expect(r.err.split('\n')[0]).toBe(WARNING('config/contacts.yaml'));
    const json = JSON.parse((await runCli(['config', 'check', '--json'], { ...env, PPRD_CONFIG: 'config' })).out);
    expect(json.warnings[0]).toEqual({
      file: 'config/contacts.yaml',
      line: 18,
      column: 12,
      path: 'coordinators[0].email',
      message:
        '59 contacts have addresses in a reserved example domain (RFC 2606 / RFC 6761), which reach nobody: coordinators coordinator1@pprd.example.org (18:12), coordinators coordinator2@pprd.example.org (20:12), 省发展改革委 sfgw@pprd.example.org (25:14) and 56 more',
      fix: 'replace them with real addresses in config/contacts.yaml',
    });

    const cfg = join(t.dir, 'real');
    cpSync('config', cfg, { recursive: true });
    const contacts = join(cfg, 'contacts.yaml');
    writeFileSync(contacts, readFileSync(contacts, 'utf8').replaceAll('@pprd.example.org', '@gd.gov.cn'));
    const real = await runCli(['config', 'check'], { ...env, PPRD_CONFIG: cfg });
    expect(real.code).toBe(0);
    expect(real.err).not.toContain('reserved example domain');
    // One left: singular, and the one named.
    writeFileSync(contacts, readFileSync(contacts, 'utf8').replace('sfgw@gd.gov.cn', 'sfgw@pprd.test'));
    const one = await runCli(['config', 'check'], { ...env, PPRD_CONFIG: cfg });
    expect(one.err.split('\n')[0]).toBe(
      `warning: ${contacts}:25:14 agencies.省发展改革委[0].email: 1 contact has an address in a reserved example domain (RFC 2606 / RFC 6761), which reach nobody: 省发展改革委 sfgw@pprd.test (25:14) — fix: replace it with real addresses in ${contacts}`,
    );
  });

  test("the service's start logs the same warning and still starts", async () => {
    cpSync('config', join(t.dir, 'config'), { recursive: true });
    const { log, lines } = memoryLog();
    const clock = createManualClock(Date.parse(env.PPRD_NOW));
    service = await startService(serviceOptionsIn(t.dir, log, { clock }));
    expect(lines.filter((l) => l.obj.event === 'config_warning').map((l) => [l.level, l.msg])).toEqual([
      ['warn', WARNING(join(t.dir, 'config', 'contacts.yaml'))],
    ]);
    expect(lines.some((l) => l.obj.event === 'started')).toBe(true);
  });
});
