/**
 * Catalog types: what `parseDocument` reads out of a policy text such as 粤府〔2017〕8号.
 * Pure data; no I/O. Names follow DESIGN.md's glossary.
 */

/** The document's header. */
export interface PolicyDocument {
  /** 文号, e.g. `粤府〔2017〕8号`. */
  number: string;
  /** Issuing body, e.g. `广东省人民政府`. */
  issuer: string;
  /** Issue date, `YYYY-MM-DD` (calendar date, Asia/Shanghai). */
  issued: string;
  /** Title, e.g. `广东省深化泛珠三角区域合作实施意见`. */
  title: string;
}

/** One paragraph's agency clause: `(X牵头,Y、Z等按职责分工负责)`. Names are canonical. */
export interface Assignment {
  /** 1-based paragraph index within its task. */
  paragraph: number;
  /** 1-based line number in the source file of the paragraph. */
  line: number;
  /** 牵头单位, in the order the text gives them; empty when the clause names no lead. */
  lead: string[];
  /** 按职责分工负责 / 配合单位, in text order. */
  support: string[];
}

/** A numbered task (`1`..`30`) or a safeguard measure (`G1`..`G4`). */
export interface Task {
  /** `"1"`..`"30"` for 主要任务, `"G1"`..`"G4"` for 保障措施. */
  id: string;
  /** Section label: `"二(一)"`..`"二(八)"` for tasks, `"三(一)"`..`"三(四)"` for safeguards. */
  section: string;
  /** Section title, e.g. `深化区域经济合作发展`. */
  sectionTitle: string;
  /** Task title, e.g. `优化区域经济发展格局`. */
  title: string;
  /** Full text of each paragraph, in order (the agency clause included). */
  paragraphs: string[];
  /** One per paragraph that ends with an agency clause, in paragraph order. */
  assignments: Assignment[];
}

/** An agency named by the document's clauses. */
export interface Agency {
  /** Canonical short name, e.g. `省交通运输厅`. */
  name: string;
  /** True for phrases naming no single body (有关地级以上市政府, 省有关单位, …成员单位). */
  group: boolean;
  /** Full official name from the directory (`config/agencies.yaml`), when it has one. */
  fullName?: string;
  /** Other spellings from the directory (variants, abbreviations); absent when it has none. */
  aliases?: string[];
}

/** A goal with a deadline tied to 2020. */
export interface Target {
  /** Stable id: `T1`, `T2`, … in document order. */
  id: string;
  /** The goal's text as written. */
  text: string;
  /** Deadline, `YYYY-MM-DD` (2020-12-31 for 到2020年 / 到2020年左右). */
  deadline: string;
  /** Task id the target belongs to, or null for the general goals of 一(三). */
  task: string | null;
  /** Canonical names of the responsible agencies (lead then support); empty for general goals. */
  responsible: string[];
}

/** A reporting duty the text states. */
export interface Obligation {
  /** Stable id: `O1`, `O2`, … in document order. */
  id: string;
  /** The sentence that states it. */
  text: string;
  /** Who reports: canonical agency or group names, e.g. `["各地、各部门"]`. */
  who: string[];
  /** To whom, e.g. `省泛珠办` or `省政府`. */
  to: string;
  /** Due dates as `MM-DD` list (e.g. `["06-30","12-31"]`) or null when the text gives no date. */
  due: string[] | null;
  /** Task id of the paragraph that states it (e.g. `G1`). */
  task: string | null;
}

/** Everything the import stores. */
export interface Catalog {
  document: PolicyDocument;
  tasks: Task[];
  /** Every name the document's clauses use, in first-use order, groups marked. */
  agencies: Agency[];
  targets: Target[];
  obligations: Obligation[];
  /** Names used by the text but missing from the directory (warnings, not errors). */
  warnings: string[];
}

/** An entry of `config/agencies.yaml`. */
export interface DirectoryEntry {
  /** Canonical short name (省发展改革委). */
  name: string;
  /** Full official name (广东省发展和改革委员会). */
  fullName?: string;
  /** Other spellings the text or users may use; map to `name`. */
  aliases: string[];
  /**
   * The canonical name of the body that took this one's duties over (a merger or renaming, e.g.
   * 省国土资源厅 → 省自然资源厅 in the 2018 reform); set together with `since`. See `createSuccession`.
   */
  successor?: string;
  /** The first day (`YYYY-MM-DD`) the successor holds the duties: reports due from then on are the successor's. */
  since?: string;
}
