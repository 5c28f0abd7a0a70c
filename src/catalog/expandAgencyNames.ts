import type { DirectoryIndex } from './createDirectoryIndex.ts';
import { splitTopLevel } from './splitTopLevel.ts';

/** What the name expansion needs to know about the document. */
export interface NameContext {
  /**
   * The document's own level prefix, read from the issuer: `省` (广东省人民政府), `自治区`
   * (广西壮族自治区人民政府), `市` (深圳市人民政府).
   */
  levelPrefix: string;
  directory: DirectoryIndex;
}

/** One name of a clause, before directory resolution is reported. */
export interface ExpandedName {
  /** Canonical name (directory name when the directory knows it, else as written out). */
  name: string;
  /** True for phrases that name no single body (有关地级以上市政府, 省有关单位, …成员单位). */
  group: boolean;
  /** True when the directory knows the name (canonical, full or alias). */
  known: boolean;
}

/**
 * Group phrases: they name a set of bodies, not one (有关…, 各…, 相关…, …有关单位, …成员单位).
 * Source: the document's own wording, e.g. `有关地级以上市政府`, `省有关单位`,
 * `省推进泛珠三角区域合作工作协调领导小组成员单位`.
 */
export function isGroupName(name: string, levelPrefix: string): boolean {
  const rest = levelPrefix && name.startsWith(levelPrefix) ? name.slice(levelPrefix.length) : name;
  return /^(有关|各|相关)/.test(rest) || /((有关|相关)(单位|部门|机构)|成员单位|各部门|各单位)$/.test(name);
}

/** Level words a name may start with, longest first: its owner's level (省发展改革委, 市财政局). */
const LEVEL_WORDS = ['自治区', '省', '市', '区', '县'] as const;

/**
 * The level word an item starts with as a prefix (`省发展改革委` -> 省, `自治区财政厅` -> 自治区),
 * not as the first character of a word (`市场监管局`: 市场 = market; `区域…`), else null.
 */
export function levelWordOf(item: string): string | null {
  for (const w of LEVEL_WORDS) {
    if (!item.startsWith(w) || item.length <= w.length) continue;
    const next = item.slice(w.length);
    if ((w === '市' && next.startsWith('场')) || ((w === '区' || w === '县') && next.startsWith('域'))) continue;
    return w;
  }
  return null;
}

/** Last characters of an organisation's name (厅, 委, 局, 办, …): an item without one is a bare place. */
const ORG_END = /(厅|委|局|办|署|会|部|院|行|团|司|处|室|心|组|社|所|站|队|馆|校|府|营|场)$/;

/** A bare place name in a list such as `广东、深圳、珠海出入境检验检疫局`: 2-4 Han characters, no organisation ending. */
function isBarePlace(item: string): boolean {
  return /^\p{Script=Han}{2,4}$/u.test(item) && !ORG_END.test(item) && levelWordOf(item) === null;
}

/**
 * Marks of a name that brings its own owner and so must not take the carried prefix: a national
 * ministry or system (交通运输部…, 水利部…, 海关…, 民航…, 人民银行…), a company (集团, 公司), a branch of a national
 * body (分署, 分局, 分行), a place with its level (深圳市政府, 福田区政府), or the level's party committee inside the
 * name (团省委, 团市委). General Chinese administrative naming, not a list of this document's answers.
 */
function hasOwnOwner(item: string, levelPrefix: string): boolean {
  if (/^\p{Script=Han}{2,4}部/u.test(item) || /海关|民航|银行|集团|公司|分署|分局|分行|总局|大学|学院/.test(item))
    return true;
  if (/^\p{Script=Han}{2,5}?(市|县|区|州|盟)/u.test(item) && !/^(城市|都市|地区|社区|园区|城区|市区)/.test(item))
    return true;
  return levelPrefix !== '' && item.indexOf(`${levelPrefix}委`) > 0;
}

/**
 * Splits the last item of a place list into (place, shared suffix): `珠海出入境检验检疫局` after
 * `广东、深圳` gives suffix `出入境检验检疫局`. Prefers the split the directory confirms for every
 * place; then a split just before a level word (`珠海市政府` -> `市政府`); then the length of the
 * place before it (place lists tend to be of one length).
 */
function sharedSuffix(places: string[], last: string, ctx: NameContext): string {
  for (let k = 2; k <= Math.min(4, last.length - 1); k++) {
    const suffix = last.slice(k);
    if ([...places, last.slice(0, k)].every((p) => ctx.directory.resolve(p + suffix))) return suffix;
  }
  const m = /^\p{Script=Han}{2,4}?(?=[市县区州盟])/u.exec(last);
  if (m) return last.slice(m[0].length);
  const k = Math.min(Math.max(places[places.length - 1].length, 2), last.length - 1);
  return last.slice(k);
}

/** Strips a trailing 等 ("and others") and white space. Source: the clauses' `…等按职责分工负责`. */
function stripEtc(item: string): string {
  return item.replace(/[\s\u3000]+/g, '').replace(/等$/, '');
}

/**
 * The generic tail after 等 is no part of the name before it: `财政厅等部门` -> 财政厅,
 * `财政厅等10个部门` -> 财政厅; a qualified group after 等 stays, as its own item: `财政厅等有关单位`
 * -> 财政厅、有关单位 (issue 16).
 */
function splitEtc(group: string): string {
  return group
    .replace(/等(?:\d+|[一二三四五六七八九十]+)个?(?:部门|单位)(?=$|[、及])/g, '')
    .replace(/等(?:部门|单位)(?=$|[、及])/g, '')
    .replace(/等((?:自治区|省|市|区|县)?(?:有关|相关)(?:部门|单位))/g, '、$1');
}

/**
 * Items of a comma group split at 、 and 及 outside brackets; group phrases that hold a 、 are kept
 * whole: `相关市、县政府`, `各市、县(区)人民政府` (issue 16).
 */
function itemsOf(group: string): string[] {
  const items = splitTopLevel(splitEtc(group), '、及')
    .map(stripEtc)
    .filter((s) => s.length > 0);
  const out: string[] = [];
  for (const item of items) {
    const prev = out[out.length - 1];
    if (prev !== undefined && /^(各|有关|相关)[市县区乡镇](、[市县区乡镇])*$/.test(prev))
      out[out.length - 1] = `${prev}、${item}`;
    else out.push(item);
  }
  return out;
}

/**
 * Expands one list of agencies, as written in a clause, into canonical names, in text order.
 *
 * Rules (issue 2; the document 粤府〔2017〕8号 writes its clauses this way):
 * - items are separated by `,` (a comma group), `、` and `及`; a trailing `等` is dropped;
 * - a shared suffix carries back over a list of bare places: `广东、深圳、珠海出入境检验检疫局` is three
 *   agencies, `深圳、珠海市政府` two;
 * - the level prefix (`省`) of an item carries over the following items of its comma group that lack
 *   an owner of their own: `省发展改革委、交通运输厅` -> 省发展改革委, 省交通运输厅; the prefix stops at the
 *   next comma. A name the directory knows with the prefix takes it; a name the directory knows
 *   without it, or one with its own owner (see `hasOwnOwner`), stands as written. An item that starts
 *   a comma group without a prefix stays as written, unless the directory knows it only with the
 *   level prefix (`北部湾办` -> the directory's 自治区北部湾办);
 * - groups (有关地级以上市政府, 省有关单位, …成员单位) stand as written, marked `group`;
 * - every name is finally mapped through the directory (aliases such as 城乡住房建设厅 -> 住房城乡建设厅).
 */
export function expandAgencyNames(list: string, ctx: NameContext): ExpandedName[] {
  const out: ExpandedName[] = [];
  const P = ctx.levelPrefix;
  const resolve = (n: string) => ctx.directory.resolve(n);
  for (const commaGroup of splitTopLevel(list, ',;')) {
    const items = itemsOf(commaGroup);
    let carried: string | null = null;
    let i = 0;
    while (i < items.length) {
      const item = items[i];
      // A run of bare places closed by an item that has the shared suffix.
      if (isBarePlace(item)) {
        let j = i;
        while (j < items.length && isBarePlace(items[j])) j++;
        if (j < items.length) {
          const places = items.slice(i, j);
          const last = items[j];
          const suffix = sharedSuffix(places, last, ctx);
          for (const place of places) out.push(known(place + suffix, resolve, false));
          out.push(known(last, resolve, false));
          i = j + 1;
          continue;
        }
      }
      const level = levelWordOf(item);
      if (isGroupName(item, P)) {
        if (level) carried = level;
        out.push({ name: item, group: true, known: resolve(item) !== undefined });
      } else if (level) {
        carried = level;
        out.push(known(item, resolve, false));
      } else if (carried) {
        const withPrefix = resolve(carried + item);
        if (withPrefix) out.push({ name: withPrefix, group: false, known: true });
        else if (resolve(item)) out.push(known(item, resolve, false));
        else if (hasOwnOwner(item, P)) out.push(known(item, resolve, false));
        else out.push(known(carried + item, resolve, false));
      } else {
        const asIs = resolve(item);
        const withLevel = resolve(P + item);
        if (asIs) out.push({ name: asIs, group: false, known: true });
        else if (withLevel && !hasOwnOwner(item, P)) out.push({ name: withLevel, group: false, known: true });
        else out.push(known(item, resolve, false));
      }
      i++;
    }
  }
  return out;
}

function known(name: string, resolve: (n: string) => string | undefined, group: boolean): ExpandedName {
  const canonical = resolve(name);
  return { name: canonical ?? name, group, known: canonical !== undefined };
}
