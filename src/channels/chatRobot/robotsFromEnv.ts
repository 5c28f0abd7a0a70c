import type { RobotConfig } from '../../config/index.ts';
import { RobotEnvError } from '../../errors.ts';
import type { Channel } from '../types.ts';
import { createRobotChannel, type RobotTransport } from './createRobotChannel.ts';
import type { RobotSendLog } from './types.ts';

const EXAMPLE_URL: Record<RobotConfig['kind'], string> = {
  wecom: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
  dingtalk: 'https://oapi.dingtalk.com/robot/send?access_token=…',
  feishu: 'https://open.feishu.cn/open-apis/bot/v2/hook/…',
};

/**
 * The robots' channels from `config.robots` and the environment (webhook URL in `urlEnv`, secret in
 * `secretEnv`). Secrets are read here only and never logged.
 *
 * @throws RobotEnvError (`PPRD_ROBOT_ENV`, exit 2) listing every robot whose variable is unset or whose URL is not an
 *   http(s) address, each with the variable's name and the fix; nothing is started then.
 */
export function robotsFromEnv(
  robots: readonly RobotConfig[],
  env: NodeJS.ProcessEnv,
  sendLog: RobotSendLog,
  options: { clock?: () => number; transport?: RobotTransport } = {},
): Channel[] {
  const problems: string[] = [];
  const channels: Channel[] = [];
  for (const r of robots) {
    const url = env[r.urlEnv]?.trim();
    const secret = r.secretEnv ? env[r.secretEnv]?.trim() : undefined;
    let ok = true;
    if (!url) {
      problems.push(
        `robot "${r.name}" (${r.kind}): environment variable ${r.urlEnv} is not set — fix: set ${r.urlEnv} to the robot's webhook address (${EXAMPLE_URL[r.kind]}), or remove the robot from config/pprd.yaml`,
      );
      ok = false;
    } else {
      let parsed: URL | undefined;
      try {
        parsed = new URL(url);
      } catch {
        parsed = undefined;
      }
      if (!parsed || !/^https?:$/.test(parsed.protocol)) {
        problems.push(
          `robot "${r.name}" (${r.kind}): ${r.urlEnv} is not an http(s) address — fix: copy the webhook address from the robot's settings, e.g. ${EXAMPLE_URL[r.kind]}`,
        );
        ok = false;
      }
    }
    if (r.secretEnv && !secret) {
      problems.push(
        `robot "${r.name}" (${r.kind}): environment variable ${r.secretEnv} is not set — fix: set ${r.secretEnv} to the secret shown under the robot's security setting (${r.kind === 'dingtalk' ? '加签, starts with SEC' : '签名校验'})`,
      );
      ok = false;
    }
    if (ok) channels.push(createRobotChannel({ robot: r, url: url!, secret, sendLog, ...options }));
  }
  if (problems.length) throw new RobotEnvError(`group robots not configured:\n- ${problems.join('\n- ')}`);
  return channels;
}
