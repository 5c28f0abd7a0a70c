/**
 * A command action that imports its implementation module when the command runs, not when the program is
 * built: `pprd --help` and every command load only the code of the command being run (issue 11: a CLI
 * start near `node -e 0`). The declarations (name, arguments, options, descriptions) stay in
 * src/cli/register/*.ts, so every help text is built without importing any implementation.
 *
 * @param load imports the implementation module (a literal `import('../commands/x.ts')`, so the build
 *   and the type checker see it); called on each run, node caches the module.
 * @param name the key in the module's `actions` (one per command; a subcommand is `config check`).
 * @returns an action for commander's `.action()`: it passes commander's arguments (operands, options,
 *   the command) through unchanged; the implementation's own `action()` wrapper maps errors to exit codes.
 */
export function lazyAction<M extends { actions: Record<string, (...args: never[]) => Promise<void>> }>(
  load: () => Promise<M>,
  name: keyof M['actions'] & string,
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const run = (await load()).actions[name] as (...a: unknown[]) => Promise<void>;
    await run(...args);
  };
}
