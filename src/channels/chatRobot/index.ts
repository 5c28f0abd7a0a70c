/** Group robots by webhook: WeCom (企业微信), DingTalk (钉钉), Feishu (飞书), sharing one sender. */
export { createRobotChannel, fetchTransport, robotChannelName, ROBOT_PLATFORMS, ROBOT_RATE_LIMITED, type RobotChannelOptions, type RobotTransport } from './createRobotChannel.ts';
export { robotsFromEnv } from './robotsFromEnv.ts';
export { wecom, WECOM_MARKDOWN_MAX_BYTES, WECOM_TEMPORARY } from './wecom.ts';
export { dingtalk, dingtalkSign, DINGTALK_MARKDOWN_MAX_BYTES } from './dingtalk.ts';
export { feishu, feishuSign, FEISHU_BODY_MAX_BYTES, FEISHU_RATE_LIMITED } from './feishu.ts';
export type { RobotPlatform, RobotRateWindow, RobotSendLog, RobotVerdict } from './types.ts';
