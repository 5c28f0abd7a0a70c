export { checkSmtpUrl, createEmailChannel, outboxFileName, DEFAULT_MAIL_FROM, DEFAULT_OUTBOX, type EmailChannel, type EmailChannelOptions } from './emailChannel.ts';
export { classifySmtpError } from './classifySmtpError.ts';
