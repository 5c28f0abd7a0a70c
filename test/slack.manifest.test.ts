import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { PPRD_COMMAND, SLACK_EVENTS_PATH } from '../src/channels/slack/index.ts';

interface Manifest {
  features: {
    slash_commands: { command: string; url: string; should_escape: boolean }[];
    app_home: { messages_tab_enabled: boolean };
  };
  oauth_config: { scopes: { bot: string[]; user?: string[] } };
  settings: { interactivity: { is_enabled: boolean; request_url: string }; socket_mode_enabled: boolean };
}

describe('slack/manifest.yaml', () => {
  const m = parse(readFileSync('slack/manifest.yaml', 'utf8')) as Manifest;

  test('declares the /pprd command and interactivity on the receiver path', () => {
    expect(m.features.slash_commands.map((c) => c.command)).toEqual([PPRD_COMMAND]);
    expect(new URL(m.features.slash_commands[0].url).pathname).toBe(SLACK_EVENTS_PATH);
    expect(m.settings.interactivity.is_enabled).toBe(true);
    expect(new URL(m.settings.interactivity.request_url).pathname).toBe(SLACK_EVENTS_PATH);
    expect(m.features.app_home.messages_tab_enabled).toBe(true);
  });

  test('asks for the scopes the code uses and nothing more', () => {
    // commands: /pprd; chat:write: chat.postMessage (DMs to user ids, digest channel). respond() needs none.
    expect([...m.oauth_config.scopes.bot].sort()).toEqual(['chat:write', 'commands']);
    expect(m.oauth_config.scopes.user).toBeUndefined();
  });
});
