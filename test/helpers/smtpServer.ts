import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message the test SMTP server accepted: the parsed mail and its raw bytes. */
export interface ReceivedMail {
  parsed: ParsedMail;
  raw: Buffer;
  /** Envelope recipients (RCPT TO). */
  rcptTo: string[];
  /** The name the client gave in EHLO/HELO. */
  ehlo: string;
}

/** A scripted SMTP reply for the next messages (answers DATA with this code instead of 250). */
export interface ScriptedReply {
  code: number;
  message?: string;
  /** How many messages get this reply (default 1). */
  times?: number;
}

/** A real SMTP server (the `smtp-server` package) on 127.0.0.1, port chosen by the OS. */
export interface TestSmtpServer {
  port: number;
  /** `smtp://127.0.0.1:PORT` (no auth, no TLS). */
  url: string;
  /** Accepted messages, in arrival order. */
  received: ReceivedMail[];
  /** Every DATA answer given: the reply code per message attempt. */
  replies: number[];
  /** Queue replies: e.g. `{ code: 421 }` makes the next message fail temporarily. */
  script(reply: ScriptedReply): void;
  /**
   * Replies for one recipient's next messages, whichever connection carries them: refused at `RCPT TO`
   * (`at: 'rcpt'`, e.g. 450 mailbox busy, 550 no such user) or its `DATA` answered (`at: 'data'`, the
   * default; a 421 also closes that connection, as smtp-server does).
   */
  scriptFor(address: string, reply: ScriptedReply & { at?: 'rcpt' | 'data' }): void;
  /** Resolves when `received.length >= n` (or rejects after `timeoutMs`, default 10 s). */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a loopback SMTP server that parses what it accepts with mailparser.
 * @param port a fixed port (default 0: any free port) — a restarted server can reuse a port.
 * @param options.acceptDelayMs wait this long before answering 250 (after the message is recorded as
 *   received): widens the window in which a sender has been accepted but does not know it yet.
 */
export async function startSmtpServer(port = 0, options: { acceptDelayMs?: number } = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const replies: number[] = [];
  const queue: (ScriptedReply & { left: number })[] = [];
  const byAddress: (ScriptedReply & { left: number; address: string; at: 'rcpt' | 'data' })[] = [];
  /** The next scripted reply for `address` at `at`, counted as used; undefined for none. */
  const scriptedFor = (address: string, at: 'rcpt' | 'data') => {
    const s = byAddress.find((q) => q.left > 0 && q.at === at && q.address === address.toLowerCase());
    if (s) s.left--;
    return s;
  };
  const replyError = (s: ScriptedReply) =>
    Object.assign(new Error(s.message ?? (s.code < 500 ? 'try again later' : 'mailbox unavailable')), {
      responseCode: s.code,
    });
  const waiters: { n: number; resolve: () => void }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const s = scriptedFor(address.address, 'rcpt');
      if (s) replies.push(s.code);
      callback(s ? replyError(s) : undefined);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const mine = session.envelope.rcptTo.map((r) => scriptedFor(r.address, 'data')).find(Boolean);
        const s = mine ?? queue.find((q) => q.left > 0);
        if (s) {
          if (!mine) s.left--;
          replies.push(s.code);
          callback(replyError(s));
          return;
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            replies.push(250);
            received.push({
              parsed,
              raw,
              rcptTo: session.envelope.rcptTo.map((r) => r.address),
              ehlo: session.hostNameAppearsAs,
            });
            for (const w of waiters.filter((x) => received.length >= x.n)) w.resolve();
            if (options.acceptDelayMs) setTimeout(() => callback(), options.acceptDelayMs);
            else callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const addr = server.server.address();
  const actual = typeof addr === 'object' && addr ? addr.port : port;
  return {
    port: actual,
    url: `smtp://127.0.0.1:${actual}`,
    received,
    replies,
    script(reply) {
      queue.push({ ...reply, left: reply.times ?? 1 });
    },
    scriptFor(address, reply) {
      byAddress.push({ ...reply, left: reply.times ?? 1, address: address.toLowerCase(), at: reply.at ?? 'data' });
    },
    waitFor(n, timeoutMs = 10_000) {
      if (received.length >= n) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const t = setTimeout(
          () => reject(new Error(`SMTP server got ${received.length} of ${n} messages in ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(t);
            resolve();
          },
        });
      });
    },
    close() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A free loopback port with nothing listening on it (for "server down" tests). */
export async function unusedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const p = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(p));
    });
  });
}
