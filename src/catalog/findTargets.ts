import { type BodyParagraph, withoutClause } from './bodyParagraph.ts';
import type { Target } from './types.ts';

/** `到2020年`, `到2020年左右`, `到2020年底`, `到2020年6月`, `到2020年6月30日`. */
const BY_DATE = /到(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?(左右|底|末|前)?/;
/** A bullet of a goal list: `——紧密合作格局基本形成。…`. */
const BULLET = /^(——|—|-)+/;

/**
 * Finds the targets (goals with a deadline) of the body, in document order, ids `T1`, `T2`, ….
 *
 * Rules (issue 2, document 一(三) and task 7):
 * - a paragraph that announces goals with a date and a colon (`到2020年左右,实现以下合作目标:`)
 *   makes each following `——` bullet a target with that deadline; outside tasks such targets have
 *   task null and no responsible agencies;
 * - any other sentence (split at `。` and `;`) that carries `到YYYY年…` is a target: text = that
 *   sentence, task = its task, responsible = its paragraph's lead then support, groups left out
 *   (task 7: `…实现到2020年内地九省区省会城市高速铁路互联互通` -> 省发展改革委, 省交通运输厅);
 * - years inside a title in 《》 are not deadlines: `《珠江水运科学发展行动计划(2016-2020)》` names a
 *   plan's period, and such plans already belong to their task's assignment;
 * - the deadline is the last day of the period named: `到2020年` / `到2020年左右` / `到2020年底` ->
 *   `2020-12-31`; `到2020年6月` -> `2020-06-30`; a full date stays as written.
 */
export function findTargets(body: readonly BodyParagraph[]): Target[] {
  const out: Omit<Target, 'id'>[] = [];
  for (let i = 0; i < body.length; i++) {
    const p = body[i];
    const intro = BY_DATE.exec(withoutTitles(p.norm));
    if (intro && /:$/.test(p.norm) && i + 1 < body.length && BULLET.test(body[i + 1].norm)) {
      const deadline = deadlineOf(intro);
      while (i + 1 < body.length && BULLET.test(body[i + 1].norm)) {
        i++;
        const b = body[i];
        out.push({ text: b.text.replace(BULLET, ''), deadline, task: b.task, responsible: responsibleOf(b) });
      }
      continue;
    }
    for (const sentence of sentencesOf(withoutClause(p))) {
      const m = BY_DATE.exec(withoutTitles(sentence.norm));
      if (!m) continue;
      out.push({ text: sentence.text, deadline: deadlineOf(m), task: p.task, responsible: responsibleOf(p) });
    }
  }
  return out.map((t, i) => ({ id: `T${i + 1}`, ...t }));
}

/** Lead then support of the paragraph's clause, groups left out; [] without a clause. */
function responsibleOf(p: BodyParagraph): string[] {
  if (!p.clause) return [];
  const names = [...p.clause.lead, ...p.clause.support].filter((n) => !n.group).map((n) => n.name);
  return [...new Set(names)];
}

/** Blanks out 《…》 titles (same length, so indexes stay valid). */
function withoutTitles(s: string): string {
  return s.replace(/《[^》]*》/g, (t) => '　'.repeat(t.length));
}

/**
 * Pieces of a paragraph split at any of `separators` (default `。` and `;`), each as original and
 * normalised text, trimmed, empty pieces dropped.
 */
export function sentencesOf(p: { text: string; norm: string }, separators = '。;'): { text: string; norm: string }[] {
  const out: { text: string; norm: string }[] = [];
  let start = 0;
  for (let i = 0; i <= p.norm.length; i++) {
    if (i === p.norm.length || separators.includes(p.norm[i])) {
      const norm = p.norm.slice(start, i).trim();
      if (norm) out.push({ norm, text: p.text.slice(start, i).trim() });
      start = i + 1;
    }
  }
  return out;
}

function deadlineOf(m: RegExpExecArray): string {
  const year = Number(m[1]);
  const month = m[2] ? Number(m[2]) : 12;
  const day = m[3] ? Number(m[3]) : new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
