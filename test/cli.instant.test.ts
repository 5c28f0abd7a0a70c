import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DateInputError, localInstant, parseDate, parseInstant } from '../src/schedule/index.ts';
import { createDeliveryRepo, createScheduleRepo, openStore } from '../src/store/index.ts';
import { runCli, useCliStore } from './helpers/runCli.ts';

const FORMS =
  'YYYY-MM-DD, YYYY-MM-DDTHH:mm or YYYY-MM-DDTHH:mm:ss, each optionally followed by Z or ±HH:MM (e.g. 2024-12-20, 2024-12-20T09:00, 2024-12-20T09:00:00+08:00); without an offset it is local time in the configured timezone';

function refusal(f: () => unknown): DateInputError {
  try {
    f();
  } catch (e) {
    if (e instanceof DateInputError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('parseInstant: the one reader of --now, --at and PPRD_NOW (issue 9 item 2)', () => {
  it('reads a value without an offset in the configured zone, not UTC or the host zone', () => {
    expect(parseInstant('2024-12-01', '--now', 'Asia/Shanghai')).toBe('2024-12-01T00:00:00.000+08:00');
    expect(parseInstant('2024-12-01T09:00', '--at', 'Asia/Shanghai')).toBe('2024-12-01T09:00:00.000+08:00');
    expect(parseInstant('2020-06-23T08:59:50', 'PPRD_NOW', 'Asia/Shanghai')).toBe('2020-06-23T08:59:50.000+08:00');
    expect(parseInstant('2024-07-01T09:00', '--now', 'Europe/Berlin')).toBe('2024-07-01T09:00:00.000+02:00');
  });

  it('keeps the instant of a value with Z or ±HH:MM, shown in the configured zone', () => {
    expect(parseInstant('2020-06-23T01:00:00Z', '--now', 'Asia/Shanghai')).toBe('2020-06-23T09:00:00.000+08:00');
    expect(parseInstant('2020-06-23T09:00:00+08:00', '--now', 'Asia/Shanghai')).toBe('2020-06-23T09:00:00.000+08:00');
    expect(parseInstant('2020-06-23T06:30+05:30', '--now', 'Asia/Shanghai')).toBe('2020-06-23T09:00:00.000+08:00');
    expect(parseInstant('2020-06-23Z', '--now', 'Asia/Shanghai')).toBe('2020-06-23T08:00:00.000+08:00');
  });

  it('refuses anything but the documented forms, naming the field, the reason and the accepted forms (exit 2)', () => {
    const e = refusal(() => parseInstant('20', '--at', 'Asia/Shanghai'));
    expect(e.message).toBe(`--at "20" is not a date or instant: not one of the accepted forms — fix: write ${FORMS}`);
    expect(e.exitCode).toBe(2);
    expect(e.code).toBe('BAD_INSTANT');
    for (const bad of [
      'yesterday',
      '2024',
      '2024-12',
      '20241201',
      '2024-W49',
      '2024-336',
      '2024-12-01T09',
      '2024-12-01 09:00',
      '2024-12-1',
      '2024-12-01T9:00',
      '2024-12-01T09:00:00.000+08:00',
      '2024-12-01T09:00+0800',
      '2024-12-01T09:00+08',
      ' 2024-12-01',
    ]) {
      expect(refusal(() => parseInstant(bad, '--now', 'Asia/Shanghai')).reason, bad).toBe(
        'not one of the accepted forms',
      );
    }
  });

  it('refuses dates that are not on the calendar instead of rolling them over', () => {
    expect(refusal(() => parseInstant('2024-02-30', 'PPRD_NOW', 'Asia/Shanghai')).message).toBe(
      `PPRD_NOW "2024-02-30" is not a date or instant: February 2024 has 29 days — fix: write ${FORMS}`,
    );
    expect(refusal(() => parseInstant('2023-02-29T09:00', '--at', 'Asia/Shanghai')).reason).toBe(
      'February 2023 has 28 days',
    );
    expect(refusal(() => parseInstant('2024-13-01', '--at', 'Asia/Shanghai')).reason).toBe('there is no month 13');
    expect(refusal(() => parseInstant('2024-04-31', '--at', 'Asia/Shanghai')).reason).toBe('April 2024 has 30 days');
    expect(refusal(() => parseInstant('2024-12-01T24:00', '--at', 'Asia/Shanghai')).reason).toBe(
      '24:00:00 is not a time of day (00:00:00 to 23:59:59)',
    );
    expect(refusal(() => parseInstant('2024-12-01T09:60', '--at', 'Asia/Shanghai')).reason).toBe(
      '09:60:00 is not a time of day (00:00:00 to 23:59:59)',
    );
    expect(refusal(() => parseInstant('2024-12-01T09:00+15:00', '--at', 'Asia/Shanghai')).reason).toBe(
      '+15:00 is not a UTC offset (-12:00 to +14:00)',
    );
  });

  it('in a zone with daylight saving: the repeated hour is its first instant; a time the clocks skip is refused', () => {
    expect(parseInstant('2024-11-03T01:30', '--now', 'America/New_York')).toBe('2024-11-03T01:30:00.000-04:00');
    expect(parseInstant('2024-10-27T02:30', '--now', 'Europe/Berlin')).toBe('2024-10-27T02:30:00.000+02:00');
    expect(refusal(() => parseInstant('2024-03-10T02:30', '--now', 'America/New_York')).reason).toBe(
      '2024-03-10 02:30 does not exist in America/New_York (the clocks skip it); write the instant with its offset',
    );
    expect(parseInstant('2024-03-10T02:30-05:00', '--now', 'America/New_York')).toBe('2024-03-10T03:30:00.000-04:00');
  });

  it('parseDate takes YYYY-MM-DD on the calendar only', () => {
    expect(parseDate('2024-02-29', '--to')).toBe('2024-02-29');
    expect(refusal(() => parseDate('2025-02-29', '--to')).message).toBe(
      '--to "2025-02-29" is not a date: February 2025 has 28 days — fix: write YYYY-MM-DD (e.g. 2024-12-31), a date of the calendar',
    );
    expect(refusal(() => parseDate('2025-01-15T09:00', '--to')).reason).toBe('not of the form YYYY-MM-DD');
  });
});

describe('localInstant: a wall time in a zone with daylight saving (issue 9 item 7)', () => {
  it('in the spring-forward gap: the first valid instant after it', () => {
    expect(localInstant('2024-03-10', '02:30', 'America/New_York')).toEqual({ instant: expect.anything(), gap: true });
    expect(localInstant('2024-03-10', '02:30', 'America/New_York').instant.toISO()).toBe(
      '2024-03-10T03:00:00.000-04:00',
    );
    expect(localInstant('2024-03-31', '02:00', 'Europe/Berlin').instant.toISO()).toBe('2024-03-31T03:00:00.000+02:00');
    expect(localInstant('2024-10-06', '02:15', 'Australia/Sydney').instant.toISO()).toBe(
      '2024-10-06T03:00:00.000+11:00',
    );
  });

  it('in the repeated fall-back hour: the first of the two', () => {
    expect(localInstant('2024-11-03', '01:30', 'America/New_York').instant.toISO()).toBe(
      '2024-11-03T01:30:00.000-04:00',
    );
    expect(localInstant('2024-10-27', '02:59', 'Europe/Berlin').instant.toISO()).toBe('2024-10-27T02:59:00.000+02:00');
    expect(localInstant('2024-04-07', '02:30', 'Australia/Sydney').instant.toISO()).toBe(
      '2024-04-07T02:30:00.000+11:00',
    );
  });

  it('an ordinary wall time is itself', () => {
    expect(localInstant('2024-11-03', '09:00', 'America/New_York')).toMatchObject({ gap: false });
    expect(localInstant('2024-11-03', '09:00', 'America/New_York').instant.toISO()).toBe(
      '2024-11-03T09:00:00.000-05:00',
    );
    expect(localInstant('2024-12-31', '09:00', 'Asia/Shanghai').instant.toISO()).toBe('2024-12-31T09:00:00.000+08:00');
  });
});

describe('the CLI refuses a lenient date or instant: exit 2, the accepted forms, nothing recorded or sent', () => {
  const t = useCliStore('pprd-cli-instant-', {
    PPRD_OUTBOX: undefined,
    SMTP_URL: undefined,
    SLACK_BOT_TOKEN: undefined,
  });
  const outbox = () => join(t.dir, 'outbox');
  beforeAll(() => {
    process.env.PPRD_OUTBOX = outbox();
  });
  const pprd = (...args: string[]) => runCli(args);
  const stored = () => {
    const db = openStore(join(t.dir, 'pprd.sqlite'));
    try {
      const r = createScheduleRepo(db).records();
      return {
        submissions: r.submissions.length,
        extensions: r.extensions.length,
        excusals: r.excusals.length,
        deliveries: createDeliveryRepo(db).list({}).length,
      };
    } finally {
      db.close();
    }
  };

  it('submit --at 20 and excuse --at 2024-02-30 record nothing', async () => {
    const sub = await pprd(
      'submit',
      '--agency',
      '省水利厅',
      '--cycle',
      'half-yearly',
      '--period',
      '2024H2',
      '--at',
      '20',
      '--now',
      '2024-12-20T10:00:00+08:00',
    );
    expect(sub).toEqual({
      code: 2,
      out: '',
      err: `pprd: --at "20" is not a date or instant: not one of the accepted forms — fix: write ${FORMS}\n`,
    });
    const exc = await pprd(
      'excuse',
      '--agency',
      '省水利厅',
      '--cycle',
      'half-yearly',
      '--period',
      '2024H2',
      '--at',
      '2024-02-30',
      '--now',
      '2024-12-20T10:00:00+08:00',
    );
    expect(exc.code).toBe(2);
    expect(exc.err).toBe(
      `pprd: --at "2024-02-30" is not a date or instant: February 2024 has 29 days — fix: write ${FORMS}\n`,
    );
    expect(stored()).toEqual({ submissions: 0, extensions: 0, excusals: 0, deliveries: 0 });
  });

  it('extend --to 2025-02-29 and preview --from 2024-11-31 are refused with the date form', async () => {
    const ext = await pprd(
      'extend',
      '--agency',
      '省水利厅',
      '--cycle',
      'half-yearly',
      '--period',
      '2024H2',
      '--to',
      '2025-02-29',
      '--now',
      '2024-12-20T10:00:00+08:00',
    );
    expect(ext).toEqual({
      code: 2,
      out: '',
      err: 'pprd: --to "2025-02-29" is not a date: February 2025 has 28 days — fix: write YYYY-MM-DD (e.g. 2024-12-31), a date of the calendar\n',
    });
    const pre = await pprd('preview', '--from', '2024-11-31', '--to', '2024-12-31');
    expect(pre.code).toBe(2);
    expect(pre.err).toBe(
      'pprd: --from "2024-11-31" is not a date: November 2024 has 30 days — fix: write YYYY-MM-DD (e.g. 2024-12-31), a date of the calendar\n',
    );
    expect(stored().extensions).toBe(0);
  });

  it('tick --now 20 and PPRD_NOW=2024-02-30 send nothing and write no outbox file', async () => {
    const tick = await pprd('tick', '--now', '20');
    expect(tick).toEqual({
      code: 2,
      out: '',
      err: `pprd: --now "20" is not a date or instant: not one of the accepted forms — fix: write ${FORMS}\n`,
    });
    process.env.PPRD_NOW = '2024-02-30';
    try {
      const envTick = await pprd('tick');
      expect(envTick.code).toBe(2);
      expect(envTick.err).toBe(
        `pprd: PPRD_NOW "2024-02-30" is not a date or instant: February 2024 has 29 days — fix: write ${FORMS}\n`,
      );
      const status = await pprd('status');
      expect(status.code).toBe(2);
      expect(status.err).toContain('PPRD_NOW "2024-02-30"');
    } finally {
      delete process.env.PPRD_NOW;
    }
    expect(stored().deliveries).toBe(0);
    expect(existsSync(outbox()) ? readdirSync(outbox()) : []).toEqual([]);
  });

  it('a valid local PPRD_NOW is read in the configured zone (Asia/Shanghai)', async () => {
    process.env.PPRD_NOW = '2024-12-20T10:00';
    try {
      const d = await pprd('deadlines', '--agency', '省水利厅', '--json');
      expect(d.code).toBe(0);
      expect(JSON.parse(d.out).today).toBe('2024-12-20');
    } finally {
      delete process.env.PPRD_NOW;
    }
  });
});

describe('pprd --help lists the accepted forms (issue 9 item 2)', () => {
  const FORMS = [
    '  YYYY-MM-DD, YYYY-MM-DDTHH:mm or YYYY-MM-DDTHH:mm:ss, each optionally followed by Z or ±HH:MM (e.g. 2024-12-20, 2024-12-20T09:00, 2024-12-20T09:00:00+08:00).',
    '  Without an offset it is local time in the configured timezone.',
    '  Dates must exist (2024-02-30 is refused); anything else exits 2 and changes nothing.',
  ];
  /** The help's lines from its "Dates" footer on (empty: no footer). */
  const footer = async (args: string[]) => {
    const r = await runCli([...args, '--help']);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    const at = lines.findIndex((l) => l.startsWith('Dates'));
    return at < 0 ? [] : lines.slice(at);
  };

  it('under the command list, and under each command', async () => {
    expect(await footer([])).toEqual([
      'Dates and instants (--now, --at, PPRD_NOW; --from, --to take dates only):',
      ...FORMS,
    ]);
    expect(await footer(['submit'])).toEqual(['Dates and instants (--now, --at, PPRD_NOW):', ...FORMS]);
  });

  it('found by a new-user trial: only on commands that take a date or an instant, naming their own options', async () => {
    for (const cmd of [['agency'], ['agencies'], ['import'], ['backup']])
      expect([cmd.join(' '), await footer(cmd)]).toEqual([cmd.join(' '), []]);
    expect(await footer(['deadlines'])).toEqual(['Dates and instants (--now, PPRD_NOW):', ...FORMS]);
    expect(await footer(['link'])).toEqual(['Dates and instants (--now, PPRD_NOW):', ...FORMS]);
    expect(await footer(['preview'])).toEqual([
      'Dates and instants (--now, PPRD_NOW; --from, --to take dates only):',
      ...FORMS,
    ]);
    expect(await footer(['extend'])).toEqual([
      'Dates and instants (--now, PPRD_NOW; --to takes a date only):',
      ...FORMS,
    ]);
    expect(await footer(['tick'])).toEqual(['Dates and instants (--now, PPRD_NOW):', ...FORMS]);
    expect(await footer(['simulate'])).toEqual([
      'Dates (--from, --to):',
      '  YYYY-MM-DD (e.g. 2024-12-31), a date of the calendar.',
      FORMS[2],
    ]);
  });

  it('found by a tester: commands that read PPRD_NOW without a --now (serve, config check, init) name it too', async () => {
    for (const cmd of [['serve'], ['config', 'check'], ['init']])
      expect([cmd.join(' '), await footer(cmd)]).toEqual([cmd.join(' '), ['Dates and instants (PPRD_NOW):', ...FORMS]]);
  });
});
