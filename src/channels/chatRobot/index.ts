/** Group robots by webhook: WeCom (企业微信), DingTalk (钉钉), Feishu (飞书), sharing one sender. */
export {
  createRobotChannel,
  fetchTransport,
  ROBOT_PLATFORMS,
  ROBOT_RATE_LIMITED,
  type RobotChannelOptions,
  type RobotTransport,
  robotChannelName,
} from './createRobotChannel.ts';
export { DINGTALK_MARKDOWN_MAX_BYTES, dingtalk, dingtalkSign } from './dingtalk.ts';
export { FEISHU_BODY_MAX_BYTES, FEISHU_RATE_LIMITED, feishu, feishuSign } from './feishu.ts';
export { robotsFromEnv } from './robotsFromEnv.ts';
export type { RobotPlatform, RobotRateWindow, RobotSendLog, RobotVerdict } from './types.ts';
export { WECOM_MARKDOWN_MAX_BYTES, WECOM_TEMPORARY, wecom } from './wecom.ts';
