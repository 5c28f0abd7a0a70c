import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let dir: string | undefined;

/**
 * A copy of the shipped `config/` (same files, same line numbers in pprd.yaml and agencies.yaml) as a
 * deployment from 2017 had it: the half-yearly cycle from `2017H1` and target progress requests from the
 * document's year, as the shipped file did before it started at the deployment period (`start: 2026H2`,
 * `targets.start: 2026`; issue 14 item 4); the document's own agency names (agencies.yaml's `successor`
 * and `since` lines commented out) and the contacts filed under them (test/fixtures/contacts2017.yaml),
 * so the 63 bodies of 2017 owe every round. For tests that replay 2017-2025 about something else than
 * successors (test/successors.test.ts and test/history.test.ts use the shipped files). Made once per
 * process in a temporary folder, removed at exit.
 * @returns the folder's path.
 * @throws Error when the shipped file no longer has the `start` lines it rewrites.
 */
export function configFrom2017(): string {
  if (dir) return dir;
  const d = mkdtempSync(join(tmpdir(), 'pprd-config-2017-'));
  cpSync(join(ROOT, 'config'), d, { recursive: true });
  const file = join(d, 'pprd.yaml');
  const text = readFileSync(file, 'utf8');
  const out = text
    .replace(/^( {4}start: )2026H2\b/m, '$12017H1')
    .replace(/^( {2})start: 2026$/m, '$1# start: (the document year)');
  if (out === text || !out.includes('start: 2017H1') || out.includes('  start: 2026\n'))
    throw new Error('config/pprd.yaml: the start lines configFrom2017 rewrites have changed');
  writeFileSync(file, out);
  const agencies = join(d, 'agencies.yaml');
  writeFileSync(agencies, readFileSync(agencies, 'utf8').replace(/^( {4})(successor|since): /gm, '$1# $2: '));
  cpSync(join(ROOT, 'test', 'fixtures', 'contacts2017.yaml'), join(d, 'contacts.yaml'));
  process.once('exit', () => rmSync(d, { recursive: true, force: true }));
  dir = d;
  return d;
}
