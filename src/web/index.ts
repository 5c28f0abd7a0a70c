/** The web board: signed personal links and pages as pure functions of facts (no I/O). */
export { signLink, verifyLink, csrfTokenFor, checkCsrf, occurrencePath, calendarPath, linkUrl, LINK_DAYS, MIN_LINK_SECRET_LENGTH, type LinkPerson, type LinkRefusal } from './links.ts';
export {
  BOARD_CSS,
  layout,
  messagePage,
  renderAgencyPage,
  renderBoardPage,
  renderDeliveriesPage,
  renderOccurrencePage,
  renderTargetsPage,
  renderTaskPage,
  roundCount,
  stateLabel,
  type ActionResult,
  type AgencyFacts,
  type OccurrenceFacts,
  type PageContext,
  type TargetFacts,
  type Viewer,
} from './pages.ts';
