// Child process of `npm run bench -- delivery` (bench/delivery.ts): the bench's SMTP server, in its own
// process as a real server is, so that its CPU is not counted in the sender's turn of the event loop.
// A `smtp-server` on 127.0.0.1 (any free port; no TLS, no AUTH) that accepts every message with 250
// once it has read all of its DATA, and keeps only counts. IPC (child_process.fork):
//   → { port }                           once listening
//   ← 'stats' → { messages, bytes, cpuMs } since the previous 'stats' (cpuMs: this process's user + system)
//   ← 'close' → closes the server and exits.
import { SMTPServer } from 'smtp-server';

let messages = 0;
let bytes = 0;
let cpu = process.cpuUsage();
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', (c) => {
      bytes += c.length;
    });
    stream.on('end', () => {
      messages++;
      callback();
    });
  },
});
server.listen(0, '127.0.0.1', () => process.send({ port: server.server.address().port }));
process.on('message', (m) => {
  if (m === 'stats') {
    const c = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    process.send({ messages, bytes, cpuMs: (c.user + c.system) / 1000 });
    messages = 0;
    bytes = 0;
  } else if (m === 'close') {
    server.close(() => process.exit(0));
  }
});
// The parent gone (a bench that threw): do not outlive it.
process.on('disconnect', () => process.exit(0));
