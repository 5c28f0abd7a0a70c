export { classifySmtpError } from './classifySmtpError.ts';
export {
  AUTO_HEADERS,
  checkSmtpUrl,
  createEmailChannel,
  DEFAULT_MAIL_FROM,
  DEFAULT_OUTBOX,
  DEFAULT_SMTP_TIMEOUTS,
  DEFAULT_UNREACHABLE_MS,
  type EmailChannel,
  type EmailChannelOptions,
  mailOptionsFor,
  messageIdOnDomain,
  outboxFileName,
  threadRootFor,
} from './emailChannel.ts';
export { type MailFrom, parseMailFrom } from './parseMailFrom.ts';
