import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** An agency with a group robot in the tests: 省交通运输厅. */
export const JTT = '省交通运输厅';

/** The shipped pprd.yaml's `robots: []` replaced by the 省泛珠办 WeCom group and 省交通运输厅's DingTalk group. */
export const ROBOTS_YAML = `robots:
  - name: office
    kind: wecom
    urlEnv: PPRD_ROBOT_OFFICE_URL
    coordinators: true
  - name: jtt
    kind: dingtalk
    urlEnv: PPRD_ROBOT_JTT_URL
    secretEnv: PPRD_ROBOT_JTT_SECRET
    agency: ${JTT}
`;

/**
 * Replaces the `robots: []` line of `configDir/pprd.yaml` with `yaml` (a `robots:` block ending in a line break).
 * @throws Error when the file has no `robots: []` line (the shipped file changed).
 */
export function withRobots(configDir: string, yaml = ROBOTS_YAML): void {
  const file = join(configDir, 'pprd.yaml');
  const text = readFileSync(file, 'utf8');
  if (!/^robots: \[\]$/m.test(text)) throw new Error('the shipped pprd.yaml has no `robots: []` line to replace');
  writeFileSync(file, text.replace(/^robots: \[\]\n/m, yaml));
}
