/**
 * The catalogue of pprd-reminder's coded errors (issue 10; after bolt-js `errors.ts` and nodemailer's
 * codes): one class per failure, each with its `code` (stable, for scripts and logs), its process exit
 * status and its fix. The message says what was wrong, where (file, line, variable or option) and the
 * particular fix; `fix` is the general one. The CLI turns any of them into `pprd: MESSAGE` and the exit
 * status in one place (`action`, src/cli/errors.ts); anything else is a bug: exit 1.
 *
 * Exit statuses: 2 = bad input (a file, the config, an option, an environment variable), 1 = a runtime
 * failure (the database file, the disk). Pure: no I/O; every folder may import it.
 */

/** Process exit status of a failure: 2 bad input, 1 runtime failure. */
export type ExitStatus = 1 | 2;

/** Base of every coded error. */
export abstract class PprdError extends Error {
  /** Stable code, e.g. `PPRD_SMTP_URL`. */
  abstract readonly code: string;
  /** Exit status of a command that fails with it. */
  abstract readonly exitCode: ExitStatus;
  /** What to do about this failure in general (the message names the particular fix). */
  abstract readonly fix: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The base of one catalogued failure: its `code`, exit status and general fix, fixed for the class. */
function coded<C extends string>(code: C, exitCode: ExitStatus, fix: string) {
  return class extends PprdError {
    readonly code: C = code;
    readonly exitCode: ExitStatus = exitCode;
    readonly fix: string = fix;
  };
}

/** `SMTP_URL` is not an `smtp:`/`smtps:` address with a host and valid percent-encoding. */
export class SmtpUrlError extends coded(
  'PPRD_SMTP_URL',
  2,
  'write SMTP_URL as smtp://user:password@host:587 or smtps://user:password@host:465 (special characters percent-encoded), or unset it to write emails to the outbox',
) {}

/** `SMTP_NAME` (the EHLO name) is not a host name. */
export class SmtpNameError extends coded(
  'PPRD_SMTP_NAME',
  2,
  "set SMTP_NAME to this host's public name as the mail relay knows it, or unset it",
) {}

/** `MAIL_FROM` is not one sender address (`Name <a@b>` or `a@b`) on one line. */
export class MailFromError extends coded(
  'PPRD_MAIL_FROM',
  2,
  'set MAIL_FROM to one sender, e.g. 省泛珠办 <pprd@example.gov.cn>',
) {}

/** Slack is partly configured: some of `SLACK_BOT_TOKEN`, `SLACK_SIGNING_SECRET`, `SLACK_APP_TOKEN` missing or malformed. */
export class SlackConfigError extends coded(
  'PPRD_SLACK_CONFIG',
  2,
  'set every Slack variable the message names (README, Slack), or unset them all to run without Slack',
) {}

/** A group robot of `robots:` whose webhook variable (`urlEnv`, `secretEnv`) is unset or not an http(s) address. */
export class RobotEnvError extends coded(
  'PPRD_ROBOT_ENV',
  2,
  "set each robot's urlEnv (and secretEnv) variable to its webhook address (and secret), or remove the robot from config/pprd.yaml",
) {}

/** The signed-link settings: `PPRD_LINK_SECRET` too short or missing, `PPRD_PUBLIC_URL` not http(s), `PPRD_LINK_DAYS` (`--days`) out of range. */
export class LinkConfigError extends coded(
  'PPRD_LINK_CONFIG',
  2,
  'set PPRD_LINK_SECRET to at least 32 random characters (openssl rand -hex 32) and PPRD_PUBLIC_URL to the board address',
) {}

/** A date or instant (`--now`, `--at`, `PPRD_NOW`, a tick's instant, config dates) not in the accepted forms or not on the calendar. */
export class DateInputError extends PprdError {
  readonly exitCode = 2;
  readonly fix = 'write a date as YYYY-MM-DD and an instant as YYYY-MM-DDTHH:mm[:ss][Z|±HH:MM]';
  /** `BAD_INSTANT` (instant forms) or `BAD_DATE` (date form only). */
  readonly code: 'BAD_INSTANT' | 'BAD_DATE';
  /** Where the value came from: `--at`, `PPRD_NOW`, `holidays[0]`… */
  readonly field: string;
  readonly value: string;
  /** Why it was refused, e.g. `February 2024 has 29 days`. */
  readonly reason: string;
  /** @param message the whole message (field, value, reason and the accepted forms) */
  constructor(code: 'BAD_INSTANT' | 'BAD_DATE', field: string, value: string, reason: string, message: string) {
    super(message);
    this.code = code;
    this.field = field;
    this.value = value;
    this.reason = reason;
  }
}

/** The database file (`PPRD_DB`) cannot be written: a read-only file, folder or mount. */
export class DbReadonlyError extends coded(
  'PPRD_DB_READONLY',
  1,
  'make the file and its folder writable by the service user, or point PPRD_DB at a writable place',
) {}

/** The disk of the database (`PPRD_DB`) is full. */
export class DbFullError extends coded('PPRD_DB_FULL', 1, 'free space on that disk or point PPRD_DB at another one') {}

/** The database file (`PPRD_DB`) cannot be opened or read: missing folder, I/O error. */
export class DbIoError extends coded(
  'PPRD_DB_IO',
  1,
  'check that the folder exists and is writable, and the disk is healthy',
) {}

/** `pprd serve` refuses to start on bad input (config, environment, `PORT`): every problem in the message. */
export class StartError extends coded(
  'PPRD_START',
  2,
  'correct each problem the message lists (run `pprd config check` for the config), then start again',
) {}

/**
 * A command's bad input or refusal (an unknown agency, a period that does not fit, nothing to undo…):
 * `code` names the case (`UNKNOWN_AGENCY`, `BAD_PERIOD`, …), the message the fix; exit 2 unless said.
 */
export class CliError extends PprdError {
  readonly code: string;
  readonly exitCode: ExitStatus;
  readonly fix = 'as the message says';
  constructor(code: string, message: string, exitCode: ExitStatus = 2, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.exitCode = exitCode;
  }
}

/** Exit status of a command that failed with `err`: a catalogued error's own, else 1 (an unexpected error). */
export function exitStatusOf(err: unknown): ExitStatus {
  return err instanceof PprdError ? err.exitCode : 1;
}
