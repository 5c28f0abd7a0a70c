import ExcelJS from 'exceljs';
import type { Contact } from '../config/index.ts';
import type { BoardView, CellState, Lang } from '../digest/index.ts';
import { daysPhrase, periodLabel, say } from '../messages/index.ts';
import { stateLabel } from '../web/index.ts';

/** Cell fill per state (ARGB), the board's colours (src/web/pages.ts BOARD_CSS). */
export const STATE_FILL: Record<CellState, string> = {
  overdue: 'FFFDE2E2',
  'due-soon': 'FFFFF4CC',
  open: 'FFFFFFFF',
  extended: 'FFFFFFFF',
  submitted: 'FFDFF3E3',
  excused: 'FFECEFF1',
  history: 'FFECEFF1',
};

/** Sheet names of the export, by language (the phrase catalogue's `xlsxSheets`). */
export const SHEETS = {
  'zh-CN': sheetNames('zh-CN'),
  en: sheetNames('en'),
} as const;

function sheetNames(lang: Lang): { table: string; summary: string; overdue: string } {
  const [table, summary, overdue] = say(lang).xlsxSheets().split('|');
  return { table, summary, overdue };
}

/**
 * The 报送情况统计表 as an Excel workbook (exceljs), from the board (`buildBoard`: the same counts as
 * `pprd status`):
 * - sheet 1: agencies (rows, catalog order of first appearance) by rounds (columns, oldest first), one
 *   cell per occurrence with its state (icon and text) and date (submission date, or due date), filled
 *   with the board's colour;
 * - sheet 2: per round: cycle, period, due, submitted, total, overdue, escalated;
 * - sheet 3: every overdue cell with days overdue, escalated or not, and the agency's contacts.
 * @param contacts config `contacts.agencies` (canonical name → contacts).
 * @returns the `.xlsx` file's bytes.
 */
export async function statusWorkbook(
  view: BoardView,
  contacts: Readonly<Record<string, readonly Contact[]>>,
  lang: Lang,
): Promise<Buffer> {
  const names = SHEETS[lang];
  const wb = new ExcelJS.Workbook();
  wb.creator = 'pprd-reminder';
  const rounds = [...view.rounds].reverse();
  const table = wb.addWorksheet(names.table, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
  const w = say(lang);
  table.addRow([w.webAgency(), ...rounds.map((r) => `${periodLabel(r.period, lang)} ${r.cycleName}`)]).font = {
    bold: true,
  };
  const agencies: string[] = [];
  for (const r of rounds) for (const c of r.cells) if (!agencies.includes(c.agency)) agencies.push(c.agency);
  for (const a of agencies) {
    const row = table.addRow([
      a,
      ...rounds.map((r) => {
        const c = r.cells.find((x) => x.agency === a);
        if (!c) return '';
        const date = c.closedAt ? c.closedAt.slice(0, 10) : c.due;
        return `${stateLabel(c.state, lang)} ${date}`;
      }),
    ]);
    rounds.forEach((r, i) => {
      const c = r.cells.find((x) => x.agency === a);
      if (c) row.getCell(i + 2).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: STATE_FILL[c.state] } };
    });
  }
  table.getColumn(1).width = 24;
  for (let i = 2; i <= rounds.length + 1; i++) table.getColumn(i).width = 22;

  const summary = wb.addWorksheet(names.summary);
  summary.addRow(w.xlsxSummaryHeader().split('|')).font = { bold: true };
  for (const r of view.rounds)
    summary.addRow([r.cycleName, r.period, r.due, r.submitted, r.total, r.overdue.length, r.escalated.length]);

  const overdue = wb.addWorksheet(names.overdue);
  overdue.addRow(w.xlsxOverdueHeader().split('|')).font = { bold: true };
  for (const r of view.rounds) {
    for (const c of r.cells) {
      if (c.state !== 'overdue') continue;
      const people = (contacts[c.agency] ?? []).map((p) => `${p.name} <${p.email}>`).join('; ');
      overdue.addRow([
        c.agency,
        r.cycleName,
        c.period,
        c.due,
        daysPhrase(c.daysLeft, lang),
        w.yesNo(Boolean(c.escalated)),
        people || w.webNoContact(),
      ]);
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function csvField(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The board as CSV (RFC 4180, UTF-8 with a BOM so spreadsheet programs read the Chinese): one line per
 * occurrence: `cycle,period,agency,state,due,closed_at,by,via,escalated`.
 */
export function statusCsv(view: BoardView): string {
  const lines = ['cycle,period,agency,state,due,closed_at,by,via,escalated'];
  for (const r of view.rounds) {
    for (const c of r.cells)
      lines.push(
        [
          c.cycle,
          c.period,
          c.agency,
          c.state,
          c.due,
          c.closedAt ?? '',
          c.by ?? '',
          c.via ?? '',
          c.escalated ? 'yes' : 'no',
        ]
          .map(csvField)
          .join(','),
      );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
