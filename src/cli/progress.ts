/** Where a progress line is drawn: a terminal stream (`process.stdout`) or a test's stand-in. */
export interface ProgressStream {
  /** True on a terminal; false or absent when piped or redirected. */
  isTTY?: boolean;
  /** Terminal width in columns (absent or 0, as in a pseudo-terminal without a size: 80). */
  columns?: number;
  write(chunk: string): boolean;
}

/** A progress indicator of one piece of long work (`pprd simulate`, `import`, `history`). */
export interface Progress {
  /** `done` of `total` steps finished, with what is being worked on (e.g. `2020-06-23`). */
  update(done: number, total: number, what?: string): void;
  /** Removes the line, leaving the terminal as it was before the work started. */
  end(): void;
}

/** Width of the bar in characters. */
const BAR = 24;

/**
 * A progress line `label [#######.........]  42% (153/365) what` redrawn in place (`\r`, cleared with
 * `ESC[K`) on `stream` while it is a terminal, at most once per whole percent; nothing at all when it is
 * not (piped or redirected output stays exactly the command's data, issue 15). Cut to the terminal's
 * width so it never wraps.
 * @param stream default `process.stdout`, the stream the command prints its result to.
 */
export function createProgress(label: string, stream: ProgressStream = process.stdout): Progress {
  if (!stream.isTTY) return { update() {}, end() {} };
  let shown = -1;
  let drawn = false;
  return {
    update(done, total, what) {
      const pct = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100;
      if (pct === shown) return;
      shown = pct;
      const filled = Math.round((pct / 100) * BAR);
      const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${String(pct).padStart(3)}% (${done}/${total})${what ? ` ${what}` : ''}`;
      stream.write(`\r${line.slice(0, Math.max(10, (stream.columns || 80) - 1))}\x1b[K`);
      drawn = true;
    },
    end() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
