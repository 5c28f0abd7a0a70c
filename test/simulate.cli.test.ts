import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { configFrom2017 } from './helpers/configFrom2017.ts';
import { PPRD_BIN } from './helpers/runPprd.ts';

/**
 * Functions of the simulation's own work (planner, decision, delivery engine, store, composition): V8
 * names them so in `--trace-opt`'s lines. Before issue 11's change a 40-day run had TurboFan compile
 * `isDecided`, `insert`, `rowsOf` and `rowOf` among them.
 */
const SIMULATION_FUNCTIONS = [
  'simulate',
  'runTick',
  'decideTick',
  'isDecided',
  'rowsOf',
  'rowOf',
  'sendUnit',
  'build',
  'insert',
  'claim',
  'toRow',
  'planSchedule',
  'composeReminder',
  'composeAgencyDigest',
  'plainLine',
];

describe('pprd simulate runs without V8’s optimizing compiler (issue 11)', () => {
  it('2020-06-01..2020-07-10 (the 2020H1 round): the same report, and none of the simulation’s functions compiled by TurboFan', () => {
    const r = spawnSync(
      process.execPath,
      ['--trace-opt', ...PPRD_BIN, 'simulate', '--from', '2020-06-01', '--to', '2020-07-10'],
      { encoding: 'utf8', env: { ...process.env, PPRD_CONFIG: configFrom2017(), NO_COLOR: '1' } },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = r.stdout.split('\n').filter((l) => !l.startsWith('['));
    expect(report[0]).toMatch(
      /^simulation 2020-06-01 \.\. 2020-07-10: 13 ticks, 1 half-yearly rounds, 138 digests, [\d.]+ s$/,
    );
    expect(report).toContain(
      'guarantees: all held (no delivery twice, none after a submission, working days only, no before-reminder after its due date, none lost)',
    );
    const optimized = [...r.stdout.matchAll(/^\[completed optimizing 0x[0-9a-f]+ <JSFunction (\S+) /gm)].map(
      (m) => m[1],
    );
    expect(optimized.filter((name) => SIMULATION_FUNCTIONS.includes(name))).toEqual([]);
  });
});
