import { type BodyParagraph, withoutClause } from './bodyParagraph.ts';
import type { ExpandedName } from './expandAgencyNames.ts';
import { sentencesOf } from './findTargets.ts';
import type { Obligation } from './types.ts';

/** `向X报告`, `向X报送`, `向X汇报`, `向X上报`. */
const TO_VERB = /向([^,;。向]{2,20}?)(报告|报送|上报|汇报)/;
/** `报送X`, `上报X` where X ends like a body (办, 府, 委, 局, 厅, 部, 室, 组). */
const VERB_TO = /(报送|上报|报告)([^,;。]{2,20}?(办|府|委|局|厅|部|室|组))(?=$|[,;。])/;
/** The subject before 要 / 应 / 须 at the start of a sentence: `各地、各部门要…`. */
const SUBJECT = /^([^,;。]{2,30}?)(要|应当|应|须|必须|负责)/;

/**
 * Finds the reporting obligations the text states, in document order, ids `O1`, `O2`, ….
 *
 * A clause (text between `。`, `;`) is an obligation when it reports to a body: `向X报告…`
 * (G4: `定期向省政府报告进展情况`, to 省政府) or `报送X` (G1: `…于每年6月底和12月底前报送省泛珠办`,
 * to 省泛珠办). Who reports: the subject of its sentence (`各地、各部门要…`; a subject made only of
 * group words such as 各地、各部门 stays one phrase as written), else the paragraph's lead, else its
 * support. Due dates: every `N月底` (last day of month N, February as 28) and `N月D日` in the clause,
 * as `MM-DD`; null when the clause gives none (`定期` = "regularly" names no date).
 *
 * @param expand expands a list of names the way agency clauses are expanded
 */
export function findObligations(
  body: readonly BodyParagraph[],
  expand: (list: string) => ExpandedName[],
): Obligation[] {
  const out: Omit<Obligation, 'id'>[] = [];
  for (const p of body) {
    for (const sentence of sentencesOf(withoutClause(p), '。')) {
      const subject = SUBJECT.exec(sentence.norm)?.[1];
      for (const clause of sentencesOf(sentence, ';')) {
        const norm = clause.norm;
        const m1 = TO_VERB.exec(norm);
        const m2 = m1 ? null : VERB_TO.exec(norm);
        if (!m1 && !m2) continue;
        const to = m1 ? m1[1] : m2![2];
        out.push({ text: clause.text, who: whoOf(subject, p, expand), to, due: dueOf(norm), task: p.task });
      }
    }
  }
  return out.map((o, i) => ({ id: `O${i + 1}`, ...o }));
}

function whoOf(subject: string | undefined, p: BodyParagraph, expand: (list: string) => ExpandedName[]): string[] {
  if (subject) {
    const names = expand(subject);
    if (names.length > 0 && names.every((n) => n.group)) return [subject];
    if (names.length > 0) return names.map((n) => n.name);
  }
  if (p.clause?.lead.length) return p.clause.lead.map((n) => n.name);
  if (p.clause?.support.length) return p.clause.support.map((n) => n.name);
  return [];
}

function dueOf(norm: string): string[] | null {
  const due: string[] = [];
  for (const m of norm.matchAll(/(\d{1,2})月(底|末|(\d{1,2})日)/g)) {
    const month = Number(m[1]);
    const day = m[3] ? Number(m[3]) : new Date(Date.UTC(2001, month, 0)).getUTCDate();
    due.push(`${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
  }
  return due.length > 0 ? due : null;
}
