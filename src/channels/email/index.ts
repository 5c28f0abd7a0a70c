export { AUTO_HEADERS, checkSmtpUrl, createEmailChannel, messageIdOnDomain, outboxFileName, threadRootFor, DEFAULT_MAIL_FROM, DEFAULT_OUTBOX, DEFAULT_SMTP_TIMEOUTS, DEFAULT_UNREACHABLE_MS, type EmailChannel, type EmailChannelOptions } from './emailChannel.ts';
export { classifySmtpError } from './classifySmtpError.ts';
export { parseMailFrom, type MailFrom } from './parseMailFrom.ts';
