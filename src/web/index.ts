/** The web board: signed personal links and pages as pure functions of facts (no I/O). */
export * from './links.ts';
export * from './pages.ts';
