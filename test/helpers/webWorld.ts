import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { formatImport, importDocumentFile } from '../../src/cli/commands/catalog.ts';
import { createManualClock } from '../../src/service/index.ts';
import { type RunningService, startService } from '../../src/service/serve.ts';
import { configFrom2017 } from './configFrom2017.ts';
import { memoryLog } from './serviceWorld.ts';
import { startSmtpServer, type TestSmtpServer, unusedPort } from './smtpServer.ts';
import { tempDir } from './tempDb.ts';

/** The link key of the web tests (64 hex characters, as `openssl rand -hex 32` gives). */
export const LINK_SECRET = 'a3f1c9e07b5d4e2f8a6b1c3d5e7f9a0b2c4d6e8f0a1b3c5d7e9f1a2b4c6d8e0f';
/** 2020-06-23 09:00 Asia/Shanghai: the 7-day reminders of the 2020H1 half-yearly report go out. */
export const START = Date.parse('2020-06-23T09:00:00+08:00');
export const TRANSPORT_EMAIL = 'sjtt@pprd.example.org';
export const EDUCATION_EMAIL = 'sjyt@pprd.example.org';
export const COORDINATOR = '省泛珠办 协调员一';

export { memoryLog };

/** The real service (real document, shipped config, real SQLite) sending to a real SMTP server, with signed links on. */
export interface WebWorld {
  service: RunningService;
  smtp: TestSmtpServer;
  clock: ReturnType<typeof createManualClock>;
  base: string;
  dbPath: string;
  configDir: string;
  lines: ReturnType<typeof memoryLog>['lines'];
  close(): Promise<void>;
}

/** `prepareConfig` edits the copied `config/` folder before the service starts (e.g. adds robots). */
export async function startWebWorld(
  env: NodeJS.ProcessEnv = {},
  prepareConfig?: (configDir: string) => void,
): Promise<WebWorld> {
  const tmp = tempDir('pprd-web-');
  const configDir = join(tmp.dir, 'config');
  const dbPath = join(tmp.dir, 'pprd.sqlite');
  // The programme from 2017H1 (the shipped config starts at the deployment period, 2026H2).
  cpSync(configFrom2017(), configDir, { recursive: true });
  prepareConfig?.(configDir);
  const smtp = await startSmtpServer();
  const port = await unusedPort();
  const base = `http://127.0.0.1:${port}`;
  const clock = createManualClock(START);
  const m = memoryLog();
  const service = await startService({
    dbPath,
    configDir,
    env: {
      SMTP_URL: smtp.url,
      MAIL_FROM: '省泛珠办 <pprd@example.gov.cn>',
      PPRD_LINK_SECRET: LINK_SECRET,
      PPRD_PUBLIC_URL: base,
      ...env,
    },
    clock,
    log: m.log,
    port,
    host: '127.0.0.1',
    importDocument: (configFiles) => {
      const o = importDocumentFile({ dbPath, configDir, configFiles });
      return { changed: o.result.changed, summary: formatImport(o) };
    },
  });
  return {
    service,
    smtp,
    clock,
    base,
    dbPath,
    configDir,
    lines: m.lines,
    async close() {
      await service.stop();
      await smtp.close();
      tmp.cleanup();
    },
  };
}

/** The board link in a received email's text part (the recipient's own signed link). */
export function linkInMail(text: string | undefined): string {
  const m = /https?:\/\/\S+\/o\/\S+\?t=\S+/.exec(text ?? '');
  if (!m) throw new Error('no board link in the email text');
  return m[0];
}
