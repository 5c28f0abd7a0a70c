import { describe, expect, it } from 'vitest';
import { CliError } from '../src/cli/errors.ts';
import { parseInstant } from '../src/cli/instant.ts';

describe('parseInstant (--now, --at, PPRD_NOW)', () => {
  it('reads a value without an offset in the configured zone, not UTC or the host zone', () => {
    expect(parseInstant('2024-12-01', '--now', 'Asia/Shanghai')).toBe('2024-12-01T00:00:00.000+08:00');
    expect(parseInstant('2024-12-01T09:00', '--at', 'Asia/Shanghai')).toBe('2024-12-01T09:00:00.000+08:00');
  });

  it('keeps the instant of a value with an offset, shown in the configured zone', () => {
    expect(parseInstant('2020-06-23T01:00:00Z', '--now', 'Asia/Shanghai')).toBe('2020-06-23T09:00:00.000+08:00');
    expect(parseInstant('2020-06-23T09:00:00+08:00', '--now', 'Asia/Shanghai')).toBe('2020-06-23T09:00:00.000+08:00');
  });

  it('rejects anything else with the flag, an example and exit code 2', () => {
    let err: unknown;
    try {
      parseInstant('yesterday', '--at', 'Asia/Shanghai');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).message).toBe('--at "yesterday" is not an ISO-8601 date or instant — fix: write it like 2024-12-20T09:00:00+08:00 (or 2024-12-20, read in Asia/Shanghai)');
    expect((err as CliError).exitCode).toBe(2);
  });
});
