/** The portfolios area: what pages, feeds, exports (and later the API) call. */
export { whoSeesPortfolio } from "./exposure.ts";
export {
  addItem,
  moveItem,
  removeItem,
  reorderItems,
  updateItem,
} from "./items.ts";
export { portfolioMediaFile } from "./media.ts";
export {
  MAX_PINS,
  movePin,
  pinCandidates,
  pinEntry,
  pinnedFor,
  unpinEntry,
} from "./pins.ts";
export {
  coverBytes,
  createPortfolio,
  deletePortfolio,
  FIRST_SECTION_TITLE,
  removePortfolioCover,
  setPortfolioCover,
  updatePortfolio,
} from "./portfolios.ts";
export {
  MAX_CAPTION_CHARS,
  MAX_INTRO_CHARS,
  MAX_ITEMS,
  MAX_SHARE_DAYS,
  PORTFOLIO_LAYOUTS,
  type PortfolioInput,
  type PortfolioLayout,
} from "./schema.ts";
export {
  addSection,
  moveSection,
  removeSection,
  renameSection,
  reorderSections,
} from "./sections.ts";
export {
  createShareLink,
  openShareLink,
  revokeShareLink,
  type ShareGrant,
  type ShareLinkState,
  type ShareLinkView,
  shareLinksOf,
} from "./share-links.ts";
export { profileShowcase, type Showcase } from "./showcase.ts";
export {
  entriesToAdd,
  type ItemView,
  memberPortfolios,
  type OwnPortfolioSummary,
  ownPortfolios,
  type PortfolioCover,
  type PortfolioSummary,
  type PortfolioView,
  portfolioCoverFor,
  portfolioForViewer,
  type SectionView,
  sharedPortfolio,
} from "./views.ts";
