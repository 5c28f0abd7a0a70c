/** Channels: one `Channel` interface (types.ts), implemented by email, memory and Slack. */

export * from './chatRobot/index.ts';
export * from './email/index.ts';
export * from './memory/index.ts';
export * from './slack/index.ts';
export * from './types.ts';
